package pyfunc

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/flowspec/flowspec/internal/subproc"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// Prefix starts every Python operator's name: py:MODULE.FUNCTION.
const Prefix = "py:"

// Provider resolves py: operators for a registry (operator.Registry.Provide):
// it asks Python about each module once and runs calls on its worker pool.
type Provider struct {
	cfg     Config
	mu      sync.Mutex
	modules map[string]*moduleAnswer
	pool    *subproc.LazyPool
}

// moduleAnswer is Python's answer about one module, or why there is none.
type moduleAnswer struct {
	m   *Module
	err error
}

// New returns a provider for cfg's interpreter and search path.
func New(cfg Config) *Provider {
	p := &Provider{cfg: cfg, modules: map[string]*moduleAnswer{}}
	p.pool = subproc.NewLazyPool(cfg.Workers, p.cfg.start)
	return p
}

// Register makes reg resolve py: operators through a new provider for cfg.
func Register(reg *operator.Registry, cfg Config) *Provider {
	p := New(cfg)
	reg.Provide(Prefix, p)
	return p
}

// Config returns the provider's configuration.
func (p *Provider) Config() Config { return p.cfg }

// split cuts py:pkg.mod.func into its module and function.
func split(name string) (module, fn string, ok bool) {
	rest, ok := strings.CutPrefix(name, Prefix)
	i := strings.LastIndexByte(rest, '.')
	if !ok || i <= 0 || i == len(rest)-1 {
		return "", "", false
	}
	return rest[:i], rest[i+1:], true
}

// unchecked is the error for a flow whose Python cannot be asked.
type unchecked struct{ err error }

func (e unchecked) Error() string { return e.err.Error() }
func (e unchecked) Unwrap() []error {
	return []error{operator.ErrUnchecked, e.err}
}
func (e unchecked) Hint() string {
	return "install Python 3, or name an interpreter with --python, " + EnvInterpreter + " or python: interpreter:"
}

// importFailed is the error for a module whose import raised.
type importFailed struct {
	module string
	err    *ImportError
}

func (e importFailed) Error() string {
	return fmt.Sprintf("importing module %s raised %s", e.module, e.err)
}

// Op resolves py:MODULE.FUNCTION (operator.Provider).
func (p *Provider) Op(name string) (*operator.Op, error) {
	module, fn, ok := split(name)
	if !ok {
		return nil, unknown{"a Python function is named py:MODULE.FUNCTION", "e.g. py:tasks.inc for function inc of tasks.py"}
	}
	m, err := p.module(module)
	if err != nil {
		return nil, err
	}
	f, ok := m.Functions[fn]
	if !ok {
		return nil, unknown{fmt.Sprintf("module %s (%s) has no function %s", module, p.where(m), fn), functionsHint(m)}
	}
	return p.op(name, module, fn, f), nil
}

// unknown is the error for a function or module that is not there, with
// the fix.
type unknown struct{ msg, hint string }

func (e unknown) Error() string { return operator.ErrUnknown.Error() + ": " + e.msg }
func (e unknown) Unwrap() error { return operator.ErrUnknown }
func (e unknown) Hint() string  { return e.hint }

// functionsHint lists a module's functions, for a name that matches none.
func functionsHint(m *Module) string {
	names := make([]string, 0, len(m.Functions))
	for fn := range m.Functions {
		names = append(names, fn)
	}
	if len(names) == 0 {
		return "it defines no public function"
	}
	sort.Strings(names)
	return "its functions are " + strings.Join(names, ", ")
}

// searchPath names the search directories for messages, relative to the
// working directory when under it.
func (p *Provider) searchPath() string {
	wd, _ := os.Getwd()
	dirs := make([]string, len(p.cfg.Path))
	for i, d := range p.cfg.Path {
		dirs[i] = d
		if rel, err := filepath.Rel(wd, d); err == nil && !strings.HasPrefix(rel, "..") {
			dirs[i] = rel
		}
	}
	return strings.Join(dirs, ", ")
}

// where names a module's file for messages, relative to the search path.
func (p *Provider) where(m *Module) string {
	for _, d := range p.cfg.Path {
		if rel, ok := strings.CutPrefix(m.File, d+"/"); ok {
			return rel
		}
	}
	return m.File
}

// module returns Python's answer about module, asking once.
func (p *Provider) module(module string) (*Module, error) {
	p.mu.Lock()
	a, ok := p.modules[module]
	p.mu.Unlock()
	if !ok {
		a = &moduleAnswer{}
		a.m, a.err = p.cfg.describe(module)
		p.mu.Lock()
		p.modules[module] = a
		p.mu.Unlock()
	}
	switch {
	case errors.Is(a.err, ErrNoInterpreter):
		return nil, unchecked{a.err}
	case a.err != nil:
		return nil, a.err
	case a.m.Error != nil && a.m.Error.Missing:
		return nil, unknown{fmt.Sprintf("no module %s in %s, nor installed for %s", module, p.searchPath(), p.cfg.Interpreter),
			"put " + strings.ReplaceAll(module, ".", "/") + ".py beside the flow, list its directory under python: path:, or install it"}
	case a.m.Error != nil:
		return nil, importFailed{module, a.m.Error}
	}
	return a.m, nil
}

// Near lists the functions of the module name names (operator.Provider).
func (p *Provider) Near(name string) []string {
	module, _, ok := split(name)
	if !ok {
		return nil
	}
	m, err := p.module(module)
	if err != nil {
		return nil
	}
	out := make([]string, 0, len(m.Functions))
	for fn := range m.Functions {
		out = append(out, Prefix+module+"."+fn)
	}
	sort.Strings(out)
	return out
}

// Close ends the provider's worker processes (io.Closer).
func (p *Provider) Close() error {
	p.pool.Close()
	return nil
}

// workers returns the pool, made on first use.
func (p *Provider) workers() *subproc.Pool { return p.pool.Pool() }

// SetWorkers sets how many worker processes may run at once (the local
// executor's worker count); it applies to a pool not yet started.
func (p *Provider) SetWorkers(n int) { p.pool.SetSize(n) }

// op builds the operator for function fn of module.
func (p *Provider) op(name, module, fn string, f *Function) *operator.Op {
	c := newCallShape(f)
	op := &operator.Op{
		Name:    name,
		Doc:     f.Doc,
		Params:  c.params,
		Result:  value.Any,
		Pure:    f.Pure,
		Cheap:   f.Pure && f.Batchable,
		Foreign: true,
		Python:  p.loader(name, module, fn, c),
	}
	op.Go = func(ctx context.Context, args []any) (any, error) {
		pos, kw := c.split(args)
		reply, err := callWorker(ctx, p.workers(), name, []any{module, fn, pos, kw})
		if err != nil {
			return nil, err
		}
		return fromReply(reply)
	}
	return op
}

// fromReply turns a worker's reply into a result or the function's error.
func fromReply(r []any) (any, error) {
	if len(r) == 2 && r[0] == int64(0) {
		return value.Normalize(r[1])
	}
	if len(r) == 4 && r[0] == int64(1) {
		class, _ := r[1].(string)
		msg, _ := r[2].(string)
		tb, _ := r[3].(string)
		return nil, &PythonError{Class: class, Message: msg, Traceback: tb}
	}
	return nil, fmt.Errorf("the Python worker sent a reply flowspec cannot read: %v", r)
}

// PythonError is an exception a user's function raised: its class, message
// and the user's own traceback frames.
type PythonError struct {
	Class, Message, Traceback string
}

func (e *PythonError) Error() string {
	return FormatError(e.Class, e.Message, e.Traceback)
}

// FormatError is the one wording of a Python exception, on every executor:
// "Class: message" and the user's frames below it.
func FormatError(class, message, traceback string) string {
	s := class
	if message != "" {
		s += ": " + message
	}
	if traceback != "" {
		s += "\n" + traceback
	}
	return s
}
