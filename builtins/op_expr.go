package builtins

import (
	"context"

	"github.com/flowspec/flowspec/expression"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opExpr evaluates an expr-lang expression at run time: the compiler makes
// one for every `${{ }}` that reads task results and is more than a plain
// reference. It is not marked pure because an expression may call rand();
// the compiler judges purity per expression.
//
// On Dask the Python twin receives lower.TranslateExpr(expr), not the expr-lang
// source: the translation happens (and fails) at compile time.
func opExpr() *operator.Op {
	return &operator.Op{
		Name: "expr",
		Doc:  "The value of an expr-lang expression over vars (see ExprOptions for the functions it may call).",
		Params: []operator.Param{
			required("expr", value.String, `the expression, e.g. "x * 2 + 1"`),
			optional("vars", value.Map, map[string]any{}, "the variables the expression reads"),
		},
		Result:  value.Any,
		CodeArg: true,
		Go:      evalExpr,
		Examples: []operator.Example{
			ex(int64(7), "expr", "x * 2 + 1", "vars", map[string]any{"x": int64(3)}),
			ex(3.5, "expr", "x / 2", "vars", map[string]any{"x": int64(7)}),
			ex([]any{int64(0), int64(2), int64(4)}, "expr", "map(range(n), # * 2)", "vars", map[string]any{"n": int64(3)}),
			ex("a-b", "expr", `join(split(s, ","), "-")`, "vars", map[string]any{"s": "a,b"}),
			ex(int64(2), "expr", "-7 % 3"),
		},
	}
}

func evalExpr(ctx context.Context, args []any) (any, error) {
	src, err := stringArg("expr", args[0])
	if err != nil {
		return nil, err
	}
	vars, err := mapArg("vars", args[1])
	if err != nil {
		return nil, err
	}
	p, err := expression.Compile(src)
	if err != nil {
		return nil, err
	}
	out, err := expression.Run(ctx, p, vars, nil)
	if err != nil {
		return nil, err
	}
	return value.Normalize(out)
}
