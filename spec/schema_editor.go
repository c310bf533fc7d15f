package spec

import (
	"encoding/json"
	"strings"
)

// editorOnly points at the parts of the schema that serve editors alone:
// the built-in operator names and the namespaced pattern, each operator's
// arguments, and version's constant. Loading a flow checks the same
// things after the schema (checkOp, the version decoder), knowing the
// operators a run has (a plugin's, a Python function's signature) and
// wording each problem with its fix, so the schema the loader validates
// with leaves them out rather than report them twice, less well.
var editorOnly = []string{
	"/properties/version/const",
	"/$defs/task/properties/op/anyOf",
	"/$defs/task/allOf",
	"/$defs/" + operatorCallsDef,
}

// loaderSchema returns the schema without its editor-only parts.
func loaderSchema(schema []byte) ([]byte, error) {
	var root map[string]any
	if err := json.Unmarshal(schema, &root); err != nil {
		return nil, err
	}
	for _, ptr := range editorOnly {
		parts := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
		parent := root
		for _, p := range parts[:len(parts)-1] {
			parent, _ = parent[p].(map[string]any)
		}
		delete(parent, parts[len(parts)-1])
	}
	return json.Marshal(root)
}
