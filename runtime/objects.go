package runtime

import (
	"fmt"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/value"
)

// RefuseObjects turns outputs that hold Python objects (value.Opaque) into
// errors: outputs leave flowspec as text and JSON, which a pickle is not.
// Both executors apply it to their results, so they say the same.
func RefuseObjects(res *Result, g *compiler.Graph) {
	for i := range res.Outputs {
		o := &res.Outputs[i]
		obj, found := value.FindOpaque(o.Value)
		if !o.OK || !found {
			continue
		}
		o.Value, o.OK = nil, false
		o.Refused = "a Python object of type " + obj.Type + " cannot be an output"
		out := &g.Outputs[i]
		res.Refused++
		res.Errors = append(res.Errors, &TaskError{
			Key:     compiler.Key{Name: "outputs." + out.Name, Index: -1},
			Op:      "output",
			Message: value.OpaqueError(fmt.Sprintf("output %q", out.Name), obj).Error(),
			Pos:     out.Range.String(),
		})
	}
}
