package builtins

import "github.com/flowspec/flowspec/operator"

// argRule is a run-time check of one argument, whose error says what is
// wrong in the operator's words, and the fix a static check suggests.
type argRule struct {
	param string
	check func(v any) error
	hint  string
}

// checkRules makes an operator's static check (operator.Op.Check) from
// one-argument rules: each runs on its argument when its value is known
// before the run, with the same function the run calls.
func checkRules(rules ...argRule) operator.CheckFunc {
	return func(args operator.StaticArgs) []operator.ArgProblem {
		var ps []operator.ArgProblem
		for _, r := range rules {
			v, ok := args.Known(r.param)
			if !ok {
				continue
			}
			if err := r.check(v); err != nil {
				ps = append(ps, operator.ArgProblem{Param: r.param, Message: err.Error(), Hint: r.hint})
			}
		}
		return ps
	}
}

// secondsRule is the rule of a duration in seconds (sleep's seconds, the
// delay of inc, dec and add).
func secondsRule(param string) argRule {
	return argRule{param: param, hint: "give a number of seconds from 0 to 1e9",
		check: func(v any) error { _, err := secondsArg(param, v); return err }}
}
