package builtins

import (
	"context"
	"sort"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opSort sorts numbers or strings, stably, the same way on every executor.
func opSort() *operator.Op {
	return &operator.Op{
		Name: "sort",
		Doc:  "values in ascending order (descending with reverse); numbers or strings, not mixed. Equal elements keep their order.",
		Params: []operator.Param{
			required("values", value.List, "a list of numbers, or of strings"),
			optional("reverse", value.Bool, false, "sort in descending order"),
		},
		Result: value.List,
		Pure:   true,
		Go:     sortValues,
		Examples: []operator.Example{
			ex([]any{int64(1), 2.5, int64(3)}, "values", []any{int64(3), int64(1), 2.5}),
			ex([]any{"b", "a"}, "values", []any{"a", "b"}, "reverse", true),
			ex([]any{}, "values", []any{}),
			exErr("values mixes numbers and strings (values[0] is int, values[1] is string), which cannot be compared",
				"values", []any{int64(1), "a"}),
		},
	}
}

func sortValues(_ context.Context, args []any) (any, error) {
	l, err := listArg("values", args[0])
	if err != nil {
		return nil, err
	}
	reverse, err := boolArg("reverse", args[1])
	if err != nil {
		return nil, err
	}
	if err := orderKinds("values", l); err != nil {
		return nil, err
	}
	if err := nanFree("values", l, "sorted"); err != nil {
		return nil, err
	}
	out := append([]any(nil), l...)
	if reverse {
		sort.SliceStable(out, func(i, j int) bool { return value.Less(out[j], out[i]) })
	} else {
		sort.SliceStable(out, func(i, j int) bool { return value.Less(out[i], out[j]) })
	}
	return out, nil
}
