package value

import "fmt"

// WrongType is the error for a value of the wrong type, worded as every
// operator, expression function and Python twin words it:
// `x must be a number, got string "3"`. name says what got v; want is a
// noun phrase ("a number", or Type.Noun).
func WrongType(name, want string, v any) error {
	return fmt.Errorf("%s must be %s, got %s", name, want, Describe(v))
}
