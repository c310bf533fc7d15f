package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/flowspec/flowspec/compiler"
)

// Resume is what a resumed run runs and what it takes from the earlier
// run it resumes.
type Resume struct {
	Graph  *compiler.Graph // the tasks to run again, reused results as constants
	Base   []Group         // the groups as they stand before the run: reused elements done
	Carry  []Result        // stored results of reused tasks, which the new run keeps too
	Reused int             // tasks not run again
	// Needed names tasks that succeeded but run again because a task that
	// runs reads their result and it was not stored: the earlier run
	// stores such results when it ends (Result.ResumeInputs), so this
	// happens after a run that never ended (Unended) unless the task is
	// persist: true, which stores its results as the run goes.
	Needed []string
	// Unended is set when the earlier run never recorded its end (it was
	// killed, or is still running).
	Unended bool
}

// Mismatch explains why a run cannot be resumed with this flow file and
// parameters, naming each difference.
func Mismatch(prev *Run, hash string, params map[string]string) error {
	var diffs []string
	if prev.Hash != hash {
		diffs = append(diffs, fmt.Sprintf("the flow file %s changed since run %s (content hash %s, now %s)", prev.File, prev.ID, short(prev.Hash), short(hash)))
	}
	for _, name := range slices.Sorted(maps.Keys(unionKeys(prev.Params, params))) {
		was, wasSet := prev.Params[name]
		now, nowSet := params[name]
		switch {
		case wasSet && !nowSet:
			diffs = append(diffs, fmt.Sprintf("--param %s=%s was given then and is not now", name, was))
		case !wasSet && nowSet:
			diffs = append(diffs, fmt.Sprintf("--param %s=%s is new", name, now))
		case was != now:
			diffs = append(diffs, fmt.Sprintf("--param %s was %s, now %s", name, was, now))
		}
	}
	if len(diffs) == 0 {
		return nil
	}
	return fmt.Errorf("cannot resume run %s: %s; resume with the same file and params, or run it afresh without --resume", prev.ID, strings.Join(diffs, "; "))
}

func unionKeys(a, b map[string]string) map[string]string {
	out := maps.Clone(a)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, b)
	return out
}

// PlanResume works out what of g (compiled and optimized as prev was) runs
// again: every task that did not succeed in prev and everything that
// depends on it, plus succeeded tasks whose result a re-run task or an
// output reads and that prev did not store. Stored results are read from s.
func PlanResume(ctx context.Context, s Store, g *compiler.Graph, prev *Detail) (*Resume, error) {
	p := newResumePlan(g, prev)
	p.markFailed()
	p.markOutputs()
	p.markNeeded()
	return p.finish(ctx, s)
}

// resumePlan is PlanResume's working state.
type resumePlan struct {
	g       *compiler.Graph
	prev    *Detail
	groups  map[string]*Group
	stored  map[string]map[int]string // group, index → hash
	done    []bool                    // succeeded in prev
	rerun   []bool
	outputs map[int]any
	outHash map[int]string
}

func newResumePlan(g *compiler.Graph, prev *Detail) *resumePlan {
	p := &resumePlan{g: g, prev: prev, groups: map[string]*Group{}, stored: map[string]map[int]string{},
		done: make([]bool, len(g.Tasks)), rerun: make([]bool, len(g.Tasks)), outputs: map[int]any{}, outHash: map[int]string{}}
	for i := range prev.Groups {
		p.groups[prev.Groups[i].Name] = &prev.Groups[i]
	}
	for _, r := range prev.Results {
		if p.stored[r.Group] == nil {
			p.stored[r.Group] = map[int]string{}
		}
		p.stored[r.Group][r.Index] = r.Hash
	}
	for i := range g.Tasks {
		grp := g.GroupOf(i)
		if pg, ok := p.groups[grp.Name]; ok && pg.Size == grp.Size && pg.Op == grp.Op {
			p.done[i] = pg.Done.Has(int(g.Tasks[i].Index))
		}
	}
	return p
}

// storedHash is task i's stored result's address, "" when not stored.
func (p *resumePlan) storedHash(i int32) string {
	grp := p.g.GroupOf(int(i))
	if pg, ok := p.groups[grp.Name]; !ok || pg.Size != grp.Size || pg.Op != grp.Op {
		return ""
	}
	return p.stored[grp.Name][max(int(p.g.Tasks[i].Index), 0)]
}

// markFailed marks what did not succeed and, in graph order, whatever
// depends on it.
func (p *resumePlan) markFailed() {
	for i := range p.g.Tasks {
		p.rerun[i] = !p.done[i]
		for _, d := range p.g.Tasks[i].Deps {
			p.rerun[i] = p.rerun[i] || p.rerun[d]
		}
	}
}

// markOutputs takes an output whole from prev when nothing it reads runs
// again, and otherwise needs the values it reads.
func (p *resumePlan) markOutputs() {
	prevOut := map[string]Output{}
	for _, o := range p.prev.Outputs {
		prevOut[o.Name] = o
	}
	for k := range p.g.Outputs {
		refs := refsOf(&p.g.Outputs[k].Value)
		if o, ok := prevOut[p.g.Outputs[k].Name]; ok && o.OK && o.Hash != "" && !slices.ContainsFunc(refs, func(r int32) bool { return p.rerun[r] }) {
			p.outHash[k] = o.Hash
			continue
		}
		for _, r := range refs {
			p.need(r)
		}
	}
}

// markNeeded walks back from the last task: a re-run task needs the
// results it reads, so a succeeded one whose result was not stored runs
// again too (and needs its own inputs in turn).
func (p *resumePlan) markNeeded() {
	for i := len(p.g.Tasks) - 1; i >= 0; i-- {
		if !p.rerun[i] {
			continue
		}
		t := &p.g.Tasks[i]
		for k := range t.Args {
			for _, r := range refsOf(&t.Args[k]) {
				p.need(r)
			}
		}
		if w := p.g.GroupOf(i).Options.When; w != nil {
			for _, r := range refsOf(w) {
				p.need(r)
			}
		}
	}
}

// need marks that task r's result is read by something that runs.
func (p *resumePlan) need(r int32) {
	if !p.rerun[r] && p.storedHash(r) == "" {
		p.rerun[r] = true
	}
}

// refsOf lists the tasks a reads.
func refsOf(a *compiler.Arg) []int32 {
	switch a.Kind {
	case compiler.Ref:
		return []int32{a.Ref}
	case compiler.List, compiler.Map:
		var out []int32
		for k := range a.Items {
			out = append(out, refsOf(&a.Items[k])...)
		}
		return out
	}
	return nil
}
