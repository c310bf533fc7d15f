package builtins

import (
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// checkRange is range's static check: a step of zero, or (all three known)
// more elements than value.MaxRange, which the run would refuse with the
// same words.
func checkRange(args operator.StaticArgs) []operator.ArgProblem {
	var v [3]int64
	known := 0
	for i, name := range []string{"stop", "start", "step"} {
		if x, ok := args.Known(name); ok {
			if n, isInt := x.(int64); isInt {
				v[i], known = n, known+1
			}
		}
	}
	if x, _ := args.Known("step"); x == int64(0) {
		return []operator.ArgProblem{{Param: "step", Message: "step must not be zero",
			Hint: "use a positive step to count up, or a negative one to count down"}}
	}
	if known < 3 {
		return nil
	}
	if _, err := value.RangeLen(v[1], v[0], v[2]); err != nil {
		return []operator.ArgProblem{{Param: "stop", Message: err.Error(), Hint: "ask for fewer ints"}}
	}
	return nil
}
