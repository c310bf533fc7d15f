package operator

import "github.com/flowspec/flowspec/value"

// ArgError is the error for an argument of the wrong type, worded as every
// operator and its Python twin word it, so executors that check arguments
// before calling an operator say the same thing.
func ArgError(param string, want value.Type, v any) error {
	return value.WrongType(param, want.Noun(), v)
}
