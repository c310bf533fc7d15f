package builtins

import (
	"context"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// opSleep waits, for tests and demonstrations of timeouts and progress.
// It is not pure: its point is the time it takes.
func opSleep() *operator.Op {
	return &operator.Op{
		Name:   "sleep",
		Doc:    "Sleep for seconds, then return seconds. Cancelling the run interrupts it.",
		Params: []operator.Param{required("seconds", value.Number, "how long to sleep, 0 to 1e9")},
		Result: value.Number,
		Check:  checkRules(secondsRule("seconds")),
		Go: func(ctx context.Context, args []any) (any, error) {
			s, err := secondsArg("seconds", args[0])
			if err != nil {
				return nil, err
			}
			if s > 0 {
				if err := sleepFor(ctx, s); err != nil {
					return nil, err
				}
			}
			return args[0], nil
		},
		Examples: []operator.Example{
			ex(0.01, "seconds", 0.01),
			ex(int64(0), "seconds", int64(0)),
			exErr("seconds must be between 0 and 1e9 seconds, got -1", "seconds", int64(-1)),
		},
	}
}
