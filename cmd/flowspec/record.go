package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/spec"
	"github.com/flowspec/flowspec/store"
	"github.com/urfave/cli/v2"
)

// storeFlag chooses the run store, for run and runs.
var storeFlag = &cli.StringFlag{Name: "store", EnvVars: []string{"FLOWSPEC_STORE"},
	Usage: "the run store: a SQLite `FILE`, a postgres:// URL, or off to record nothing (default: flowspec/runs.db under $XDG_STATE_HOME or ~/.local/state)"}

// resumeFlag names the run a run resumes.
var resumeFlag = &cli.StringFlag{Name: "resume", Usage: "re-run only what did not succeed in run `ID` (and what depends on it), reusing its stored results; `flowspec runs` lists ids"}

// storeLocation is where the command's run store is; store.Off when off.
func storeLocation(c *cli.Context) (string, error) {
	if loc := c.String("store"); loc != "" {
		return loc, nil
	}
	return store.DefaultLocation()
}

// openRunStore opens the run store; nil (and no error) when it is off.
func openRunStore(c *cli.Context) (store.Store, error) {
	loc, err := storeLocation(c)
	if err != nil {
		return nil, exitf(kindInvalid, "%v", err)
	}
	if loc == store.Off {
		return nil, nil
	}
	s, err := store.Open(c.Context, loc)
	if err != nil {
		return nil, exitf(kindRunFailed, "%v (--store off runs without recording)", err)
	}
	return s, nil
}

// openRecording opens the store a run records into. A store nobody asked
// for (the default location, which a container's user without a home
// directory cannot create) does not stop the run: it runs unrecorded,
// saying so. A store named by --store or FLOWSPEC_STORE, or needed by
// --resume, must open.
func openRecording(c *cli.Context) (store.Store, error) {
	return openRecordingFor(c, "this run is not recorded")
}

// openRecordingFor is openRecording, saying what goes unrecorded.
func openRecordingFor(c *cli.Context, what string) (store.Store, error) {
	if c.String("store") != "" || c.String("resume") != "" {
		return openRunStore(c)
	}
	loc, err := store.DefaultLocation()
	var st store.Store
	if err == nil {
		st, err = store.Open(c.Context, loc)
	}
	if err != nil {
		fmt.Fprintf(c.App.ErrWriter, "flowspec: %s: %v; set FLOWSPEC_STORE to a writable file (or to off, to record nothing)\n", what, err)
		return nil, nil
	}
	return st, nil
}

// runPlan is what runOnce runs: the graph and how it is recorded.
type runPlan struct {
	graph     *compiler.Graph
	run       *store.Run
	resume    *store.Resume  // nil for a fresh run
	base      []store.Group  // the groups before the run: reused and cached elements
	carry     []store.Result // stored results the run keeps from earlier runs
	cached    []string       // keys of the elements taken from the cache
	retention *spec.Retention
}

// planRun compiles the flow for one recorded run: a new id (which
// flow.run_id reads), a seed that is kept so a resume compiles the same
// graph, and, with --resume, only what the earlier run did not finish.
func planRun(c *cli.Context, flow *spec.Flow, reg compiler.Config, st store.Store) (*runPlan, error) {
	p := &runPlan{run: &store.Run{ID: newRunID(), Flow: flow.Name, File: flow.File, Hash: contentHash(flow.Source),
		Params: rawParams(c.StringSlice("param")), Seed: c.Int64("seed"), State: store.StateRunning}, retention: flow.Retention}
	var prev *store.Detail
	if id := c.String("resume"); id != "" {
		var err error
		if prev, err = resumable(c, st, id, p.run); err != nil {
			return nil, err
		}
		p.run.Seed, p.run.ResumedFrom = prev.Seed, prev.ID
	}
	if p.run.Seed == 0 && st != nil {
		p.run.Seed = randomSeed()
	}
	reg.Seed, reg.RunID = p.run.Seed, p.run.ID
	g, err := compileFlow(c, flow, reg)
	if err != nil {
		return nil, err
	}
	p.graph = g
	if prev != nil {
		if p.resume, err = store.PlanResume(c.Context, st, g, prev); err != nil {
			return nil, exitf(kindRunFailed, "cannot resume run %s: %v", prev.ID, err)
		}
		p.graph, p.base, p.carry = p.resume.Graph, p.resume.Base, p.resume.Carry
	}
	return p, p.takeCached(c, st)
}

// takeCached drops from the graph the elements the cache has results for.
func (p *runPlan) takeCached(c *cli.Context, st store.Store) error {
	if st == nil || !slices.ContainsFunc(p.graph.Groups, func(g *compiler.Group) bool { return g.Cache != nil }) {
		return nil
	}
	hits, err := store.PlanCache(c.Context, st, p.graph, p.base, time.Now())
	if err != nil {
		return exitf(kindRunFailed, "cannot read the cache in the run store at %s: %v", st.Location(), err)
	}
	p.graph, p.base, p.cached = hits.Graph, hits.Base, hits.Keys
	p.carry = append(p.carry, hits.Carry...)
	return nil
}

// resumable reads run id and checks that run can resume it.
func resumable(c *cli.Context, st store.Store, id string, run *store.Run) (*store.Detail, error) {
	if st == nil {
		return nil, exitf(kindInvalid, "--resume needs the run store, which is off: drop --store off (or FLOWSPEC_STORE=off)")
	}
	prev, err := st.Get(c.Context, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, exitf(kindInvalid, "--resume %s: no such run in the run store at %s; `flowspec runs` lists them", id, st.Location())
	}
	if err != nil {
		return nil, exitf(kindRunFailed, "--resume %s: %v", id, err)
	}
	if err := store.Mismatch(&prev.Run, run.Hash, run.Params); err != nil {
		return nil, exitf(kindInvalid, "%v", err)
	}
	return prev, nil
}

// announce tells, on stderr, what a resumed run reuses and runs again.
func (p *runPlan) announce(c *cli.Context) {
	if len(p.cached) > 0 {
		slices.Sort(p.cached)
		fmt.Fprintf(c.App.ErrWriter, "flowspec: %d elements taken from the cache: %s\n", len(p.cached), clip(p.cached, 10))
	}
	r := p.resume
	if r == nil {
		return
	}
	fmt.Fprintf(c.App.ErrWriter, "flowspec: resuming run %s as %s: %d tasks reused, %d to run\n", p.run.ResumedFrom, p.run.ID, r.Reused, len(p.graph.Tasks))
	switch {
	case len(r.Needed) > 0 && r.Unended:
		fmt.Fprintf(c.App.ErrWriter, "flowspec: %s succeeded but run again: run %s never ended (killed?), so the results that its unfinished tasks read were not stored; persist: true on a task stores its results as the run goes\n", clip(r.Needed, 5), p.run.ResumedFrom)
	case len(r.Needed) > 0:
		fmt.Fprintf(c.App.ErrWriter, "flowspec: %s succeeded but run again: a task that runs reads their result, which was not stored (persist: true on the task keeps it)\n", clip(r.Needed, 5))
	}
}

// startRecording begins the run's record; nil when the store is off.
func (p *runPlan) startRecording(ctx context.Context, st store.Store, executor string) (*store.Recorder, error) {
	if st == nil {
		return nil, nil
	}
	p.run.Executor, p.run.Started = executor, time.Now()
	rec, err := store.NewRecorder(ctx, st, p.run, p.graph, p.base, p.carry)
	if err != nil {
		return nil, exitf(kindRunFailed, "%v (--store off runs without recording)", err)
	}
	return rec, nil
}

// finishRecording closes the run's record and, when the run did not
// succeed, says how to resume it.
func (p *runPlan) finishRecording(c *cli.Context, ctx context.Context, st store.Store, rec *store.Recorder, res *runtime.Result, runErr error) {
	if rec == nil {
		return
	}
	if keys := rec.CachedKeys(); len(keys) > 0 {
		slices.Sort(keys)
		fmt.Fprintf(c.App.ErrWriter, "flowspec: %d elements taken from the cache as they were about to run: %s\n", len(keys), clip(keys, 10))
	}
	if err := rec.Finish(ctx, res, runErr); err != nil {
		fmt.Fprintf(c.App.ErrWriter, "flowspec: %v\n", err)
		return
	}
	p.retain(c, st)
	if p.run.State != store.StateSuccess {
		fmt.Fprintf(c.App.ErrWriter, "flowspec: run %s recorded; to re-run only what did not succeed: flowspec run %s --resume %s\n", p.run.ID, p.run.File, p.run.ID)
	}
}

// retain applies the flow's retention: block after its run.
func (p *runPlan) retain(c *cli.Context, st store.Store) {
	r := p.retention
	if r == nil {
		return
	}
	keep, older := -1, time.Duration(0)
	if r.Keep != nil {
		keep = *r.Keep
	}
	if r.Older != nil {
		older = r.Older.Duration
	}
	if _, err := st.Prune(context.WithoutCancel(c.Context), p.run.Flow, keep, older); err != nil {
		fmt.Fprintf(c.App.ErrWriter, "flowspec: %s: retention: cannot prune the run store at %s: %v\n", r.Range, st.Location(), err)
	}
}

// watched is ctx carrying the recorder's event batches, ctx itself when
// the run is not recorded.
func watched(ctx context.Context, rec *store.Recorder) context.Context {
	if rec == nil {
		return ctx
	}
	return rec.Watch(ctx)
}

// newRunID is a sortable, unique run id: the start time and random bytes.
func newRunID() string {
	return time.Now().UTC().Format("20060102T150405") + "-" + randomHex(3)
}

// randomHex is n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// randomSeed is a non-zero seed for rand(), kept with the run.
func randomSeed() int64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return int64(binary.LittleEndian.Uint64(b[:])>>1) | 1
}

// contentHash is the hex sha256 of a flow file's bytes.
func contentHash(src []byte) string {
	sum := sha256.Sum256(src)
	return hex.EncodeToString(sum[:])
}

// rawParams is the --param flags as given, by name.
func rawParams(flags []string) map[string]string {
	out := map[string]string{}
	for _, f := range flags {
		if name, v, ok := strings.Cut(f, "="); ok {
			out[strings.TrimSpace(name)] = v
		}
	}
	return out
}

// clip joins up to n names and says how many more there are.
func clip(names []string, n int) string {
	if len(names) <= n {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:n], ", "), len(names)-n)
}
