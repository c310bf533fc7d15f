package main

import (
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/plugin/host"
	"github.com/flowspec/flowspec/pyfunc"
	"github.com/flowspec/flowspec/spec"
)

// pluginPrefix starts the executable a namespace not listed under plugins:
// is looked for by on PATH: flowspec-plugin-geo for geo.area.
const pluginPrefix = "flowspec-plugin-"

// flowPlugins lists the plugins a flow uses: those under plugins: (paths
// relative to the flow file), then flowspec-plugin-NAME on PATH for every
// other namespace its tasks name. A namespace found nowhere is missing;
// registerPlugins makes its operators unknown with the fix.
func flowPlugins(flow *spec.Flow) (found []host.Plugin, missing []string) {
	if flow == nil {
		return nil, nil
	}
	seen := map[string]bool{}
	for _, p := range flow.Plugins {
		path := p.Path
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(flow.File), path)
		}
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
		found = append(found, host.Plugin{Name: p.Name, Path: path, Where: p.Range.String()})
		seen[p.Name] = true
	}
	ops := make([]string, len(flow.Tasks))
	for i, t := range flow.Tasks {
		ops[i] = t.Op
	}
	onPath, missing := pathPlugins(ops, seen)
	return append(found, onPath...), missing
}

// pathPlugins finds flowspec-plugin-NAME on PATH for each namespace the
// operator names use that seen does not hold.
func pathPlugins(ops []string, seen map[string]bool) (found []host.Plugin, missing []string) {
	for _, op := range ops {
		ns, _, ok := strings.Cut(op, ".")
		if !ok || seen[ns] || strings.HasPrefix(op, pyfunc.Prefix) {
			continue
		}
		seen[ns] = true
		if path, err := exec.LookPath(pluginPrefix + ns); err == nil {
			abs, _ := filepath.Abs(path)
			found = append(found, host.Plugin{Name: ns, Path: abs, Where: "PATH"})
		} else {
			missing = append(missing, ns)
		}
	}
	return found, missing
}

// registerPlugins makes reg resolve the flow's plugins' operators, and
// those of namespaces found nowhere as unknown, saying how to add them.
func registerPlugins(reg *operator.Registry, flow *spec.Flow) {
	found, missing := flowPlugins(flow)
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
	return fmt.Sprintf("%v: no plugin %s: the flow's plugins: does not list it and no %s%s is on PATH", operator.ErrUnknown, e.ns, pluginPrefix, e.ns)
}
func (e noPluginError) Unwrap() error { return operator.ErrUnknown }
func (e noPluginError) Hint() string {
	return fmt.Sprintf("add plugins: {%s: ./path/to/executable} to the flow, or install %s%s on PATH", e.ns, pluginPrefix, e.ns)
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
