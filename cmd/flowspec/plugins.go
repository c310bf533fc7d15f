package main

import (
	"errors"
	"fmt"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/plugin/host"
	"github.com/flowspec/flowspec/spec"
)

// registerPlugins makes reg resolve the flow's plugins' operators, and
// those of namespaces found nowhere as unknown, saying how to add them.
func registerPlugins(reg *operator.Registry, flow *spec.Flow) {
	found, missing := host.Discover(flow)
	addPlugins(reg, found, missing)
}

// addPlugins registers found plugins, and missing namespaces as unknown.
func addPlugins(reg *operator.Registry, found []host.Plugin, missing []string) {
	for _, pl := range found {
		host.Register(reg, pl, host.Config{})
	}
	for _, ns := range missing {
		reg.Provide(ns+".", noPlugin(ns))
	}
}

// noPlugin answers for a namespace no plugin provides.
type noPlugin string

func (n noPlugin) Op(name string) (*operator.Op, error) {
	return nil, noPluginError{string(n)}
}

func (n noPlugin) Near(string) []string { return nil }

// noPluginError is the error for an operator of a namespace no plugin provides.
type noPluginError struct{ ns string }

func (e noPluginError) Error() string {
	return fmt.Sprintf("%v: no plugin %s: the flow's plugins: does not list it and no %s%s is on PATH", operator.ErrUnknown, e.ns, host.PathPrefix, e.ns)
}
func (e noPluginError) Unwrap() error { return operator.ErrUnknown }
func (e noPluginError) Hint() string {
	return fmt.Sprintf("add plugins: {%s: ./path/to/executable} to the flow, or install %s%s on PATH", e.ns, host.PathPrefix, e.ns)
}

// resolvePluginOps resolves every operator of reg's plugins, so that
// listing the registry shows them; it fails when a plugin cannot describe
// itself.
func resolvePluginOps(reg *operator.Registry) error {
	var errs []error
	reg.EachProvider(func(p operator.Provider) {
		hp, ok := p.(*host.Provider)
		if !ok {
			return
		}
		if _, err := hp.Describe(); err != nil {
			errs = append(errs, err)
		}
		for _, name := range hp.Near("") {
			if _, err := reg.Resolve(name); err != nil {
				errs = append(errs, err)
			}
		}
	})
	return errors.Join(errs...)
}
