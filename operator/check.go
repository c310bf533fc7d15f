package operator

// StaticArg is what a flow says about one argument of a call before the
// run. Given: the task writes it (under with: or map:); otherwise the
// parameter's default applies. Known: Value is the argument's value in
// every call (the default, or a literal in the file of the parameter's
// type); a value computed from ${{ }} or iterated by map: is not Known.
type StaticArg struct {
	Given bool
	Known bool
	Value any
}

// StaticArgs holds a call's StaticArg per parameter name; a required
// parameter the task does not give is absent.
type StaticArgs map[string]StaticArg

// Known returns the value of argument name when it is known before the run.
func (a StaticArgs) Known(name string) (any, bool) {
	s := a[name]
	return s.Value, s.Known
}

// ArgProblem is one call every run would refuse, found before the run.
// Param names the argument to change (or, when the task does not give it,
// to add); Message says what is wrong in the words the operator uses at run
// time; Hint says how to fix it.
type ArgProblem struct {
	Param   string
	Message string
	Hint    string
}

// CheckFunc is an operator's static check (Op.Check): it returns the
// problems it is sure of from what is known, and leaves the rest to the
// run, which checks every argument again.
type CheckFunc func(args StaticArgs) []ArgProblem
