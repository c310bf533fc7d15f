package builtins

import (
	"context"
	"errors"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opFail always fails: for testing retries, triggers and error reporting.
// Not pure, so the optimizer never folds it away or runs it at compile time.
func opFail() *operator.Op {
	return &operator.Op{
		Name:   "fail",
		Doc:    "Fail with message.",
		Params: []operator.Param{optional("message", value.String, "failed on purpose", "the error message")},
		Result: value.Any,
		Go: func(_ context.Context, args []any) (any, error) {
			m, err := stringArg("message", args[0])
			if err != nil {
				return nil, err
			}
			return nil, errors.New(m)
		},
		Examples: []operator.Example{
			exErr("disk full", "message", "disk full"),
			exErr("failed on purpose"),
		},
	}
}
