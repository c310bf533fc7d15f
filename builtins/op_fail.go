package builtins

import (
	"context"
	"errors"
)

// opFail always fails: for testing retries, triggers and error reporting.
// Not pure, so the optimizer never folds it away or runs it at compile time.
func opFail() *Op {
	return &Op{
		Name:   "fail",
		Doc:    "Fail with message.",
		Params: []Param{optional("message", String, "failed on purpose", "the error message")},
		Result: Any,
		Go: func(_ context.Context, args []any) (any, error) {
			m, err := stringArg("message", args[0])
			if err != nil {
				return nil, err
			}
			return nil, errors.New(m)
		},
		Examples: []Example{
			exErr("disk full", "message", "disk full"),
			exErr("failed on purpose"),
		},
	}
}
