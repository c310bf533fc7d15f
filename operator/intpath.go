package operator

// IntPath is an operator's integer fast path (Op.Ints), for executors that
// run many calls of it in a loop, such as a batch of a map over a range:
// the arithmetic on int64 operands without boxing them into arguments or
// checking their types per call.
//
// An executor may call Func instead of the Go function only when the
// arguments of the parameters listed in Operands are int64 (given to Func
// in that order; a unary operator's y is 0) and those of the parameters in
// Zero are numbers equal to zero (a delay of 0). Every other parameter must
// be in one of the two lists. Func returns what the Go function would, or
// false when the Go function must run instead (an int64 overflow, whose
// error only the Go function reports).
type IntPath struct {
	Operands []int
	Zero     []int
	Func     func(x, y int64) (int64, bool)
}
