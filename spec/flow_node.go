package spec

import "go.yaml.in/yaml/v3"

// Node returns the YAML value at a path of mapping keys from the top of the
// file (f.Node("tasks", "add", "retries")), or nil when a key is absent.
// Tools that report on what the file says (diff, lint) read positions and
// spellings there.
func (f *Flow) Node(path ...string) *yaml.Node {
	n := f.Root
	for _, key := range path {
		n = field(n, key)
	}
	return n
}
