package builtins

import (
	"context"
	"fmt"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opZip pairs up lists element by element. Unlike Python's zip it refuses
// lists of different lengths instead of silently truncating, the same rule
// as a task's map: arguments.
func opZip() *operator.Op {
	return &operator.Op{
		Name:   "zip",
		Doc:    "The lists zipped element by element: [[a0, b0], [a1, b1], ...]. The lists must have equal lengths.",
		Params: []operator.Param{required("lists", value.List, "a list of lists of equal length")},
		Result: value.List,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			return zipLists(args[0])
		},
		Examples: []operator.Example{
			ex([]any{[]any{int64(1), "a"}, []any{int64(2), "b"}}, "lists", []any{[]any{int64(1), int64(2)}, []any{"a", "b"}}),
			ex([]any{}, "lists", []any{}),
			exErr("lists[1] has 1 elements but lists[0] has 2; zip needs lists of equal length",
				"lists", []any{[]any{int64(1), int64(2)}, []any{"a"}}),
		},
	}
}

func zipLists(v any) (any, error) {
	ls, err := listArg("lists", v)
	if err != nil {
		return nil, err
	}
	cols := make([][]any, len(ls))
	for i, l := range ls {
		if cols[i], err = listArg(item("lists", i), l); err != nil {
			return nil, err
		}
		if len(cols[i]) != len(cols[0]) {
			return nil, fmt.Errorf("%s has %d elements but %s has %d; zip needs lists of equal length",
				item("lists", i), len(cols[i]), item("lists", 0), len(cols[0]))
		}
	}
	if len(cols) == 0 {
		return []any{}, nil
	}
	out := make([]any, len(cols[0]))
	for j := range out {
		row := make([]any, len(cols))
		for i, c := range cols {
			row[i] = c[j]
		}
		out[j] = row
	}
	return out, nil
}
