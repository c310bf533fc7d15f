package builtins

import (
	"context"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opRange makes a list of ints, like Python's range.
func opRange() *operator.Op {
	return &operator.Op{
		Name: "range",
		Doc:  "The ints from start (included) to stop (excluded) by step, as Python's range.",
		Params: []operator.Param{
			required("stop", value.Int, "the end, excluded"),
			optional("start", value.Int, int64(0), "the first int"),
			optional("step", value.Int, int64(1), "the difference between neighbours; negative counts down"),
		},
		Result: value.List,
		Pure:   true,
		Check:  checkRange,
		Go: func(_ context.Context, args []any) (any, error) {
			var v [3]int64
			for i, name := range []string{"stop", "start", "step"} {
				x, err := intArg(name, args[i])
				if err != nil {
					return nil, err
				}
				v[i] = x
			}
			return value.Range(v[1], v[0], v[2])
		},
		Examples: []operator.Example{
			ex([]any{int64(0), int64(1), int64(2)}, "stop", int64(3)),
			ex([]any{int64(5), int64(3), int64(1)}, "start", int64(5), "stop", int64(0), "step", int64(-2)),
			ex([]any{}, "stop", int64(-1)),
			exErr("step must not be zero", "stop", int64(3), "step", int64(0)),
		},
	}
}
