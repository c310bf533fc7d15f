package operator

import (
	"errors"
	"io"
	"strings"
)

// Provider resolves the operators of one namespace on demand: operators whose
// names begin with the prefix it was registered under (Registry.Provide),
// such as a user's Python functions (py:tasks.inc) or a plugin's
// executables. Looking one up may be costly (starting a process), so a
// registry asks once per name and keeps the answer.
type Provider interface {
	// Op returns the operator called name (prefix included). It returns an
	// error wrapping ErrUnknown when there is none (Near then offers names
	// for "did you mean"), ErrUnchecked when the namespace cannot be asked
	// at all (its interpreter is missing), or any other error that says
	// why the operator cannot be had (its module failed to import).
	Op(name string) (*Op, error)
	// Near lists the names an unknown name was probably meant to be, e.g.
	// every function of the module it names.
	Near(name string) []string
}

// ErrUnknown marks an operator a provider does not have.
var ErrUnknown = errors.New("unknown operator")

// ErrUnchecked marks a provider that cannot say which operators it has, so
// a flow naming them can be checked no further than their names.
var ErrUnchecked = errors.New("operators cannot be checked")

// Provide makes p resolve every operator whose name starts with prefix
// (e.g. "py:"). A built-in name never starts with a provider's prefix, so
// the two cannot shadow each other.
func (r *Registry) Provide(prefix string, p Provider) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.providers = append(r.providers, provided{prefix, p})
}

// provided is a provider and the prefix it answers for.
type provided struct {
	prefix string
	p      Provider
}

// Resolve returns the operator called name: a registered one, or one a
// provider resolves (asked once per name). The error says why there is
// none; it wraps ErrUnknown when nobody has that name.
func (r *Registry) Resolve(name string) (*Op, error) {
	r.mu.Lock()
	op, ok := r.ops[name]
	failed, tried := r.failed[name]
	p := r.provider(name)
	r.mu.Unlock()
	switch {
	case ok:
		return op, nil
	case tried:
		return nil, failed
	case p == nil:
		return nil, ErrUnknown
	}
	op, err := p.Op(name)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		if r.failed == nil {
			r.failed = map[string]error{}
		}
		r.failed[name] = err
		return nil, err
	}
	r.ops[name] = op
	return op, nil
}

// provider returns the provider answering for name, or nil; r.mu is held.
func (r *Registry) provider(name string) Provider {
	for _, pp := range r.providers {
		if strings.HasPrefix(name, pp.prefix) {
			return pp.p
		}
	}
	return nil
}

// Near lists the names an unknown operator name was probably meant to be:
// the registered names, or its provider's suggestions when a provider
// answers for it.
func (r *Registry) Near(name string) []string {
	r.mu.Lock()
	p := r.provider(name)
	r.mu.Unlock()
	if p != nil {
		return p.Near(name)
	}
	return r.Names()
}

// Close releases what the providers hold (worker processes), for those that
// hold anything; the registry stays usable and providers start afresh.
func (r *Registry) Close() error {
	r.mu.Lock()
	ps := append([]provided(nil), r.providers...)
	r.mu.Unlock()
	var errs []error
	for _, pp := range ps {
		if c, ok := pp.p.(io.Closer); ok {
			errs = append(errs, c.Close())
		}
	}
	return errors.Join(errs...)
}

// EachProvider calls f with every provider, in the order they were added,
// so a caller can configure the ones it knows.
func (r *Registry) EachProvider(f func(Provider)) {
	r.mu.Lock()
	ps := append([]provided(nil), r.providers...)
	r.mu.Unlock()
	for _, pp := range ps {
		f(pp.p)
	}
}
