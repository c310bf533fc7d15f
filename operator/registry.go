// Package operator is the operator extension point: each operator's name,
// typed parameters, result type, documentation, purity and its two
// implementations (Go for the local executor, Python for Dask workers),
// which must agree, and the Registry tasks look them up in. The built-in
// operators (package builtins) register here, and so can others.
package operator

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/flowspec/flowspec/value"
)

// Func is an operator's Go implementation. args holds one value per parameter,
// in the operator's parameter order, defaults already filled in. Values are
// int64, float64, string, bool, nil, []any or map[string]any. A Func must
// return promptly once ctx is done.
type Func func(ctx context.Context, args []any) (any, error)

// Param is one typed operator parameter.
type Param struct {
	Name     string     `json:"name"`
	Type     value.Type `json:"type"`
	Required bool       `json:"required"`
	Default  any        `json:"default,omitempty"`
	Doc      string     `json:"doc"`
}

// Op is an operator: the unit a task names with `op:`.
type Op struct {
	Name   string     `json:"name"`
	Doc    string     `json:"doc"`
	Params []Param    `json:"params"`
	Result value.Type `json:"result"`
	// Pure operators always return the same result for the same arguments and
	// have no effects, so the optimizer may merge or reorder them.
	Pure bool `json:"pure"`
	// Assoc marks reductions (sum, min, max, concat) that may run as a tree.
	Assoc bool `json:"associative,omitempty"`
	// CodeArg marks an operator whose first argument is code in another
	// language (expr's expression), which an executor may compile or
	// translate per task before the run. The optimizer never fuses such
	// tasks: a composite operator would hide that argument.
	CodeArg bool `json:"-"`
	// Foreign marks an operator that runs code outside flowspec (a user's
	// Python function): it takes and returns Python objects
	// (value.Opaque) besides plain data, and the optimizer fuses it into a
	// composite or batches it unasked only when it is Pure and Cheap.
	Foreign bool `json:"-"`
	// Cheap marks a foreign operator whose calls are quick enough to run
	// many to a task; built-ins are judged by their delay argument instead.
	Cheap bool `json:"-"`
	// Isolated operators run each call as a task of its own: the optimizer
	// never fuses them into a composite nor runs their elements in batches,
	// even when a task asks, so every call keeps its own timeout, retries
	// and failure (a shell command's process group).
	Isolated bool `json:"isolated,omitempty"`
	// Check, when set, finds calls every run would refuse before the run:
	// rules over an argument's value or across arguments (shell takes cmd
	// or script, not both) that a parameter's type cannot say. Loading a
	// flow calls it for each task, so flowspec validate reports them at
	// the argument instead of the run failing the task. The Go function
	// (and the Python twin) still check every argument.
	Check CheckFunc `json:"-"`
	Go    Func      `json:"-"`
	// Ints, when set, is the operator's integer fast path (IntPath), which
	// must agree with Go wherever it answers.
	Ints *IntPath `json:"-"`
	// Python is the source of the operator's Python twin: a module defining a
	// function named like the operator, taking the same parameters in order.
	Python string `json:"-"`
	// Examples document typical calls; see Example.
	Examples []Example `json:"examples,omitempty"`
}

// Param returns the parameter called name and its position, or -1.
func (o *Op) Param(name string) (Param, int) {
	for i, p := range o.Params {
		if p.Name == name {
			return p, i
		}
	}
	return Param{}, -1
}

// Registry maps operator names to operators. Build one with New (or use
// Default); tests can build their own without touching globals.
type Registry struct {
	mu        sync.Mutex
	ops       map[string]*Op
	providers []provided
	failed    map[string]error // provider answers that were errors
}

// New returns a registry holding ops. It fails on a duplicate name or an
// operator without a Go implementation.
func New(ops ...*Op) (*Registry, error) {
	r := &Registry{ops: make(map[string]*Op, len(ops))}
	for _, op := range ops {
		if err := r.Register(op); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// Register adds op; plugins use it to join the built-ins.
func (r *Registry) Register(op *Op) error {
	if op.Name == "" || op.Go == nil {
		return fmt.Errorf("operator %q: a name and a Go implementation are required", op.Name)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.ops[op.Name]; dup {
		return fmt.Errorf("operator %q is registered twice", op.Name)
	}
	r.ops[op.Name] = op
	return nil
}

// Lookup returns the operator called name, registered or resolved by a
// provider (see Resolve for why one is missing).
func (r *Registry) Lookup(name string) (*Op, bool) {
	op, err := r.Resolve(name)
	return op, err == nil
}

// Names returns every registered operator name, sorted; operators that
// providers resolve on demand are listed only once resolved.
func (r *Registry) Names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	names := make([]string, 0, len(r.ops))
	for n := range r.ops {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Ops returns every operator, sorted by name.
func (r *Registry) Ops() []*Op {
	names := r.Names()
	ops := make([]*Op, len(names))
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, n := range names {
		ops[i] = r.ops[n]
	}
	return ops
}

// Example is one documented call of an operator: the arguments by parameter
// name (omitted ones take their defaults) and the result, or the error
// message when the example shows a failure. `flowspec ops` prints them and
// the conformance tests run each through both implementations.
type Example struct {
	Args  map[string]any `json:"args"`
	Want  any            `json:"want,omitempty"`
	Error string         `json:"error,omitempty"`
}
