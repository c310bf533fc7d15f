package optimize

import (
	"fmt"

	"github.com/flowspec/flowspec/compiler"
)

// expandRules makes the tasks of a lazy graph's rule groups (see
// compiler.Rule) before any pass reads it: straight into batches where the
// batch pass would batch the group (same sizes, same conditions), so a map
// over range(10^7) never exists as 10^7 tasks; else one task per element.
// When fuse is on, rule groups fuse first as that pass would fuse their
// elements (fuseRules); groups left unfused but batched feed each other
// batch by batch (Spread references), since fuse leaves Each tasks alone.
// g is the optimizer's copy: its groups may change. The tasks made are
// held to Options.MaxTasks (see compiler.Graph.Expand).
func (o *optimizer) expandRules(g *compiler.Graph) (*compiler.Graph, PassReport, error) {
	report := PassReport{Name: "rules", Before: countOf(g), Note: rulesNote(g)}
	dead := make([]bool, len(g.Groups))
	if o.passOn("fuse") {
		dead = o.fuseRules(g)
	}
	if fused := countTrue(dead); fused > 0 {
		report.Note += fmt.Sprintf("; %d fused into their readers first", fused)
	}
	out, err := o.expand(g, dead)
	if err != nil {
		return nil, report, err
	}
	report.After = countOf(out)
	return out, report, nil
}

// rulesNote says what Expand starts from: "made 3 rule groups (9
// elements) into tasks without listing their elements".
func rulesNote(g *compiler.Graph) string {
	groups, elems := 0, 0
	for _, grp := range g.Groups {
		if grp.Rule != nil {
			groups, elems = groups+1, elems+grp.Size
		}
	}
	return fmt.Sprintf("made %s (%s) into tasks without listing their elements", plural(groups, "rule group"), plural(elems, "element"))
}

func countTrue(bs []bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

// expand makes the rule groups' tasks: batches where batch is on and
// would batch them, else elements; the groups fused away (dead) none.
func (o *optimizer) expand(g *compiler.Graph, dead []bool) (*compiler.Graph, error) {
	concat, ok := o.reg.Lookup("concat")
	batch := ok && o.passOn("batch")
	name := ""
	if batch {
		name = concat.Name
	}
	return g.Expand(func(gi int) int {
		switch {
		case dead[gi]:
			return -1
		case batch:
			return o.ruleBatchSize(g, g.Groups[gi])
		}
		return 0
	}, name, o.opts.MaxTasks)
}

// passOn reports whether the pass called name runs.
func (o *optimizer) passOn(name string) bool {
	for _, p := range passes {
		if p.name == name {
			return o.enabled(p)
		}
	}
	return false
}

// ruleBatchSize is batchSize for a rule group: the partition size, or 0
// when the batch pass would not batch it.
func (o *optimizer) ruleBatchSize(g *compiler.Graph, grp *compiler.Group) int {
	op, ok := o.op(g, grp)
	opts := &grp.Options
	if !ok || op.Isolated || len(op.Params) == 0 || opts.Retries > 0 || opts.Timeout > 0 ||
		opts.When != nil || !defaultTrigger(opts) {
		return 0
	}
	size := 0
	switch {
	case grp.Batch > 0:
		size = grp.Batch
	case grp.Batch == compiler.BatchAuto || op.Pure && o.ruleCheap(g, grp):
		size = clamp(grp.Size/(4*o.threads()), minAutoBatch, maxAutoBatch)
	}
	if grp.Size <= size {
		return 0
	}
	return size
}

// ruleCheap is cheap for a rule group: every delay is a shared zero.
func (o *optimizer) ruleCheap(g *compiler.Graph, grp *compiler.Group) bool {
	op, _ := o.op(g, grp)
	if _, composite := g.Composites[op.Name]; op.Foreign && (!op.Cheap || !composite) {
		return op.Cheap
	}
	for k, ra := range grp.Rule.Args {
		if o.isDelay(op, k) && (ra.Kind != compiler.RuleShared || ra.Shared.Kind != compiler.Const || !isZero(ra.Shared.Value)) {
			return false
		}
	}
	return true
}
