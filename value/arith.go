package value

import (
	"fmt"
	"math"
	"math/big"
)

// The arithmetic below is shared by the operators and the expression
// language; op, the first argument of each function, names the caller in
// messages. It follows Python's rules wherever Go's differ, because the
// Python twins must compute the same values on Dask workers: true division,
// floored modulo, exact int/float comparison, and an error (never
// wrapping) when an int result leaves the int64 range.

// Overflow is the error for an int64 result out of range in op (an operator
// name, or "expression"): `integer overflow in add: 9223372036854775807 + 1`.
func Overflow(op string, a any, sym string, b any) error {
	return fmt.Errorf("integer overflow in %s: %s %s %s", op, Repr(a), sym, Repr(b))
}

// zeroDivision reports a division by zero in operator op.
func zeroDivision(op string, a any, sym string, b any) error {
	return fmt.Errorf("division by zero in %s: %s %s %s", op, Repr(a), sym, Repr(b))
}

// toFloat converts a number to float64 (round to nearest even, as Python).
func toFloat(v any) float64 {
	if i, ok := v.(int64); ok {
		return float64(i)
	}
	return v.(float64)
}

// Add returns a+b for numbers a and b, checked; op names the caller.
func Add(op string, a, b any) (any, error) {
	x, xok := a.(int64)
	y, yok := b.(int64)
	if xok && yok {
		s, ok := AddInt(x, y)
		if !ok {
			return nil, Overflow(op, a, "+", b)
		}
		return s, nil
	}
	return toFloat(a) + toFloat(b), nil
}

// AddInt returns x+y and true, or false when the sum leaves int64: Add's
// int case, for executors' integer fast paths.
func AddInt(x, y int64) (int64, bool) {
	s := x + y
	return s, (x^s)&(y^s) >= 0
}

// Sub returns a-b for numbers a and b, checked.
func Sub(op string, a, b any) (any, error) {
	x, xok := a.(int64)
	y, yok := b.(int64)
	if xok && yok {
		d, ok := SubInt(x, y)
		if !ok {
			return nil, Overflow(op, a, "-", b)
		}
		return d, nil
	}
	return toFloat(a) - toFloat(b), nil
}

// SubInt returns x-y and true, or false when the difference leaves int64.
func SubInt(x, y int64) (int64, bool) {
	d := x - y
	return d, (x^y)&(x^d) >= 0
}

// Mul returns a*b for numbers a and b, checked.
func Mul(op string, a, b any) (any, error) {
	x, xok := a.(int64)
	y, yok := b.(int64)
	if xok && yok {
		p, ok := MulInt(x, y)
		if !ok {
			return nil, Overflow(op, a, "*", b)
		}
		return p, nil
	}
	return toFloat(a) * toFloat(b), nil
}

// MulInt returns x*y and true, or false when the product leaves int64.
func MulInt(x, y int64) (int64, bool) {
	if x == 0 || y == 0 {
		return 0, true
	}
	p := x * y
	if (x == -1 && y == math.MinInt64) || (y == -1 && x == math.MinInt64) || p/y != x {
		return 0, false
	}
	return p, true
}

// Div is true division, always a float. Like Python, the quotient of
// two ints is correctly rounded even when they do not fit a float exactly.
func Div(op string, a, b any) (any, error) {
	if isZero(b) {
		return nil, zeroDivision(op, a, "/", b)
	}
	x, xok := a.(int64)
	y, yok := b.(int64)
	if xok && yok && !(exactFloat(x) && exactFloat(y)) {
		if x == 0 { // 0 / -n is -0.0 in Python
			return math.Copysign(0, float64(y)), nil
		}
		q, _ := new(big.Rat).SetFrac(big.NewInt(x), big.NewInt(y)).Float64()
		return q, nil
	}
	return toFloat(a) / toFloat(b), nil
}

// exactFloat reports whether float64(i) == i for sure (|i| <= 2^53).
func exactFloat(i int64) bool { return i >= -1<<53 && i <= 1<<53 }

func isZero(v any) bool {
	switch v := v.(type) {
	case int64:
		return v == 0
	case float64:
		return v == 0
	}
	return false
}

// Mod is Python's floored modulo: the result has the divisor's sign.
func Mod(op string, a, b any) (any, error) {
	if isZero(b) {
		return nil, zeroDivision(op, a, "%", b)
	}
	x, xok := a.(int64)
	y, yok := b.(int64)
	if xok && yok {
		r := x % y // MinInt64 % -1 is 0 in Go, as in Python
		if r != 0 && (r < 0) != (y < 0) {
			r += y
		}
		return r, nil
	}
	return floatMod(toFloat(a), toFloat(b)), nil
}

// floatMod follows CPython's float_rem step by step.
func floatMod(x, y float64) float64 {
	r := math.Mod(x, y)
	if r != 0 {
		if (y < 0) != (r < 0) {
			r += y
		}
		return r
	}
	return math.Copysign(0, y)
}

// Pow raises a to b. An int to a non-negative int power is an exact
// int (checked); every other case is a float, and the cases where Python
// raises (0 to a negative power, a negative base to a fractional power, a
// float result too large) are errors here too.
func Pow(op string, a, b any) (any, error) {
	x, xok := a.(int64)
	y, yok := b.(int64)
	if xok && yok && y >= 0 {
		p, ok := powInt(x, y)
		if !ok {
			return nil, Overflow(op, a, "**", b)
		}
		return p, nil
	}
	fx, fy := toFloat(a), toFloat(b)
	switch {
	case fx == 0 && fy < 0 && !math.IsInf(fy, 0):
		return nil, zeroDivision(op, a, "**", b)
	case fx < 0 && !math.IsInf(fx, 0) && fy != math.Trunc(fy) && !math.IsInf(fy, 0) && !math.IsNaN(fy):
		return nil, fmt.Errorf("no real result in %s: %s ** %s (a negative number to a fractional power)", op, Repr(a), Repr(b))
	}
	r := powFloat(fx, fy)
	if math.IsInf(r, 0) && !math.IsInf(fx, 0) && !math.IsInf(fy, 0) {
		return nil, fmt.Errorf("float overflow in %s: %s ** %s", op, Repr(a), Repr(b))
	}
	return r, nil
}

// powInt is exponentiation by squaring that never squares past the last
// bit, so it overflows only when the result does.
func powInt(x, y int64) (int64, bool) {
	switch x {
	case 0, 1:
		if y == 0 {
			return 1, true
		}
		return x, true
	case -1:
		if y%2 == 0 {
			return 1, true
		}
		return -1, true
	}
	if y >= 64 {
		return 0, false
	}
	r := int64(1)
	ok := true
	for {
		if y&1 == 1 {
			if r, ok = MulInt(r, x); !ok {
				return 0, false
			}
		}
		y >>= 1
		if y == 0 {
			return r, true
		}
		if x, ok = MulInt(x, x); !ok {
			return 0, false
		}
	}
}

// Neg returns -a, checked.
func Neg(op string, a any) (any, error) {
	if x, ok := a.(int64); ok {
		n, ok := NegInt(x)
		if !ok {
			return nil, fmt.Errorf("integer overflow in %s: -(%s)", op, Repr(a))
		}
		return n, nil
	}
	return -a.(float64), nil
}

// NegInt returns -x and true, or false for the one int64 without a negation.
func NegInt(x int64) (int64, bool) { return -x, x != math.MinInt64 }
