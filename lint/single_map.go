package lint

import (
	"fmt"

	"github.com/flowspec/flowspec/spec"
	"go.yaml.in/yaml/v3"
)

// singleElementMap: a task mapped over lists written in the file that hold
// one element each: it runs once, and its result is a one-element list,
// which is rarely what was meant.
var singleElementMap = Rule{
	ID:    "single-element-map",
	Doc:   "a mapped task over a constant one-element list",
	check: checkSingleMap,
}

func checkSingleMap(in *input) []finding {
	var out []finding
	for _, t := range in.flow.Tasks {
		if len(t.Map) == 0 || !allSingle(t.Map) {
			continue
		}
		out = append(out, finding{at: t.Map[0].Value.Range,
			message: fmt.Sprintf("task %q maps over a one-element list: it runs once and its result is a list of one", t.Name),
			hint:    "pass the value under with: instead of map:, or list the other elements"})
	}
	return out
}

// allSingle reports whether every mapped argument is a literal list of one.
func allSingle(args []spec.Arg) bool {
	for _, a := range args {
		n := a.Value.Node
		if n == nil || n.Kind != yaml.SequenceNode || len(n.Content) != 1 {
			return false
		}
	}
	return true
}
