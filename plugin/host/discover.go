package host

import (
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/flowspec/flowspec/spec"
)

// PathPrefix starts the executable a namespace not listed under plugins:
// is looked for by on PATH: flowspec-plugin-geo for geo.area.
const PathPrefix = "flowspec-plugin-"

// Discover lists the plugins a flow uses: those under plugins: (paths
// relative to the flow file), then flowspec-plugin-NAME on PATH for every
// other namespace its tasks name. A namespace found nowhere is missing:
// the caller makes its operators unknown, saying how to add one.
func Discover(flow *spec.Flow) (found []Plugin, missing []string) {
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
		found = append(found, Plugin{Name: p.Name, Path: path, Where: p.Range.String()})
		seen[p.Name] = true
	}
	ops := make([]string, len(flow.Tasks))
	for i, t := range flow.Tasks {
		ops[i] = t.Op
	}
	onPath, missing := OnPath(ops, seen)
	return append(found, onPath...), missing
}

// OnPath finds flowspec-plugin-NAME on PATH for each namespace the
// operator names use that seen does not hold.
func OnPath(ops []string, seen map[string]bool) (found []Plugin, missing []string) {
	for _, op := range ops {
		ns, _, ok := strings.Cut(op, ".")
		if !ok || seen[ns] || !opName.MatchString(ns) { // py:mod.fn is no namespace
			continue
		}
		seen[ns] = true
		if path, err := exec.LookPath(PathPrefix + ns); err == nil {
			abs, _ := filepath.Abs(path)
			found = append(found, Plugin{Name: ns, Path: abs, Where: "PATH"})
		} else {
			missing = append(missing, ns)
		}
	}
	return found, missing
}
