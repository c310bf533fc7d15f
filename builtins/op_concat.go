package builtins

import (
	"context"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opConcat joins lists end to end. Associative: the optimizer may
// concatenate a long list of lists as a tree.
func opConcat() *operator.Op {
	return &operator.Op{
		Name:   "concat",
		Doc:    "The lists joined end to end, in order.",
		Params: []operator.Param{required("lists", value.List, "a list of lists")},
		Result: value.List,
		Pure:   true,
		Assoc:  true,
		Go: func(_ context.Context, args []any) (any, error) {
			return concatLists(args[0])
		},
		Examples: []operator.Example{
			ex([]any{int64(1), int64(2), "a"}, "lists", []any{[]any{int64(1)}, []any{}, []any{int64(2), "a"}}),
			ex([]any{}, "lists", []any{}),
			exErr("lists[1] must be a list, got int 2", "lists", []any{[]any{int64(1)}, int64(2)}),
		},
	}
}

func concatLists(v any) (any, error) {
	ls, err := listArg("lists", v)
	if err != nil {
		return nil, err
	}
	n := 0
	for i, l := range ls {
		l, err := listArg(item("lists", i), l)
		if err != nil {
			return nil, err
		}
		n += len(l)
	}
	out := make([]any, 0, n)
	for _, l := range ls {
		out = append(out, l.([]any)...)
	}
	return out, nil
}
