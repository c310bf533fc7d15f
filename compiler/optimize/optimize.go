// Package optimize is flowspec's optimizer: a named list of small passes
// (cull, cse, fuse, batch, tree) that rewrite a compiled Graph into one that
// computes the same outputs with fewer tasks, kept apart from the compiler
// as expr-lang keeps its optimizer. It knows no executor: a fused chain
// becomes a compiler.Composite that records which operators it calls and
// how their arguments are wired, and each executor composes the
// implementation it runs.
package optimize

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
)

// Level selects which optimizer passes run by default.
type Level string

// Optimization levels. LevelDefault runs every pass that keeps results
// bit-for-bit identical; LevelAll also lets the tree pass reassociate sums,
// whose float results may then differ in the last bits.
const (
	LevelNone    Level = "none"
	LevelDefault Level = "default"
	LevelAll     Level = "all"
)

// Options configures Run.
type Options struct {
	// Level picks the passes; "" means LevelDefault.
	Level Level
	// Passes switches single passes on or off by name ("cull", "cse",
	// "fuse", "batch", "tree"), overriding Level.
	Passes map[string]bool
	// Targets names the tasks to keep (`--target`); empty keeps what the
	// flow's outputs need, plus every task with effects.
	Targets []string
	// Threads is the executor's parallelism, used to size automatic
	// batches; 0 means the number of CPUs.
	Threads int
	// MaxTasks bounds the tasks a lazy graph's rule groups are made into
	// with the rest of the graph (compiler.Config.MaxTasks, --max-tasks);
	// 0 means compiler.DefaultMaxTasks. Run's error when they would be
	// more is spec.Diagnostics, positioned at the rule group.
	MaxTasks int
}

// pass is one named optimizer pass. A pass may build a new Graph or change
// the working copy it is given (never the caller's Graph: Run clones
// it first), and returns a one-line note for the explain table.
type pass struct {
	name string
	// on reports whether the pass runs at a level when not switched.
	on  func(Level) bool
	run func(o *optimizer, g *compiler.Graph) (*compiler.Graph, string, error)
}

// passes is the pass order. Each pass keeps the Graph invariants (see
// Check), so any prefix of this list is a valid optimizer. Order matters:
//
//  1. cull first: every later pass then works only on needed tasks.
//  2. cse before fuse: fusion needs single-consumer tasks and hides its
//     inner calls inside a composite operator, where duplicates could no
//     longer be found; merging first also stops fusion from duplicating work.
//  3. fuse before batch: fusing inc[i], dec[i] -> add[i] leaves one mapped
//     group whose only reader is the reduction, which is what batch needs.
//  4. batch before tree: batching replaces a long list read by a concat
//     over the batches, and tree then splits any list still too long.
var passes = []pass{
	{"cull", atLeast(LevelDefault), cull},
	{"cse", atLeast(LevelDefault), cse},
	{"fuse", atLeast(LevelDefault), fuse},
	{"batch", atLeast(LevelDefault), batch},
	{"tree", atLeast(LevelDefault), tree},
}

// PassNames lists the optimizer passes in the order they run, for flags
// and help texts.
func PassNames() []string {
	names := make([]string, len(passes))
	for i, p := range passes {
		names[i] = p.name
	}
	return names
}

func atLeast(min Level) func(Level) bool {
	rank := map[Level]int{LevelNone: 0, LevelDefault: 1, LevelAll: 2}
	return func(l Level) bool { return rank[l] >= rank[min] }
}

// optimizer is the state of one Run call, shared by its passes.
type optimizer struct {
	reg  *operator.Registry
	opts Options
	// shapes names the composite made for each fusion, outer(slot,...), so
	// fusing the same operators the same way again reuses it.
	shapes map[string]string
	leafs  map[string]leafs      // composite -> its base operators, for names
	sigs   map[string]*signature // composite -> its flattened signature
}

// Run runs the optimizer passes over g and returns the optimized graph
// and what each pass did. g itself is not changed. Results of the optimized
// graph equal those of g (see each pass for what else may differ: task
// counts, keys of merged tasks, which element an error message names).
func Run(g *compiler.Graph, reg *operator.Registry, opts Options) (*compiler.Graph, *Explain, error) {
	if err := opts.check(); err != nil {
		return nil, nil, err
	}
	o := &optimizer{reg: reg, opts: opts, shapes: map[string]string{}, leafs: map[string]leafs{}, sigs: map[string]*signature{}}
	ex := &Explain{Level: opts.level()}
	g = clone(g)
	if g.Lazy() {
		var err error
		var made PassReport
		if g, made, err = o.expandRules(g); err != nil {
			return nil, nil, err
		}
		ex.Passes = append(ex.Passes, made)
	}
	count := countOf(g)
	for _, p := range passes {
		if !o.enabled(p) {
			continue
		}
		out, note, err := p.run(o, g)
		if err != nil {
			return nil, nil, fmt.Errorf("optimizer pass %s: %w", p.name, err)
		}
		before := count
		if out != g {
			count = countOf(out)
		}
		g = out
		ex.Passes = append(ex.Passes, PassReport{Name: p.name, Before: before, After: count, Note: note})
	}
	return g, ex, nil
}

// AnyPass reports whether opts runs some pass: Run of a lazy graph with
// none only makes its rule groups' elements.
func (opts Options) AnyPass() bool {
	o := &optimizer{opts: opts}
	for _, p := range passes {
		if o.enabled(p) {
			return true
		}
	}
	return false
}

// check rejects a misspelt level or pass name.
func (opts *Options) check() error {
	switch opts.Level {
	case "", LevelNone, LevelDefault, LevelAll:
	default:
		return fmt.Errorf("unknown optimization level %q: use none, default or all", opts.Level)
	}
	for name := range opts.Passes {
		if !isPass(name) {
			return fmt.Errorf("unknown optimizer pass %q: the passes are %s", name, strings.Join(PassNames(), ", "))
		}
	}
	return nil
}

func isPass(name string) bool {
	for _, p := range passes {
		if p.name == name {
			return true
		}
	}
	return false
}

func (opts *Options) level() Level {
	if opts.Level == "" {
		return LevelDefault
	}
	return opts.Level
}

// enabled reports whether pass p runs: its switch, else its level.
func (o *optimizer) enabled(p pass) bool {
	if on, ok := o.opts.Passes[p.name]; ok {
		return on
	}
	return p.on(o.opts.level())
}

// threads is the parallelism automatic batches are sized for.
func (o *optimizer) threads() int {
	if o.opts.Threads > 0 {
		return o.opts.Threads
	}
	return runtime.NumCPU()
}

// op resolves a group's operator: a registered one, or a composite's
// signature (which has no implementation: passes only read it).
func (o *optimizer) op(g *compiler.Graph, grp *compiler.Group) (*operator.Op, bool) {
	if _, ok := g.Composites[grp.Op]; ok {
		s, ok := o.composite(g, grp.Op)
		if !ok {
			return nil, false
		}
		return s.op, true
	}
	return o.reg.Lookup(grp.Op)
}
