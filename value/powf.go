package value

import (
	"math"
	"math/big"
)

// Float powers, identical in Go and in the Python twin (python/_prelude.py
// _powf). Neither math.Pow nor Python's math.pow could be used: they differ
// in the last bits (Go's Exp and Log are assembly on some platforms, and
// C's pow is another algorithm). So:
//
//   - an integral exponent up to 1024 in magnitude is computed exactly (as
//     a rational) and rounded once, so the result is correctly rounded on
//     both sides (Python: float(Fraction(x) ** n));
//   - ±0.5 is a square root (correctly rounded everywhere), and any other
//     multiple of 0.5 up to 1024 the correctly rounded square root of an
//     exact power (x**1.5 is sqrt(x**3)); a correctly rounded result is
//     unique, so both sides agree whatever their code;
//   - any other exponent follows Go's math.Pow algorithm with the portable
//     FreeBSD exp and log Go ships, transcribed below and in the twin, with
//     explicit conversions so no platform fuses a multiply-add.
//
// The Go code transcribed here is Copyright The Go Authors (BSD licence).

// maxExactExponent bounds the exact path: x^1024 has at most 54k bits.
const maxExactExponent = 1024

// powFloat is x**y for floats, after the callers' error checks.
func powFloat(x, y float64) float64 {
	switch {
	case y == 0 || x == 1:
		return 1
	case math.IsNaN(x) || math.IsNaN(y):
		return math.NaN()
	case x == 0:
		if y < 0 {
			return math.Inf(1) // callers reject finite negative y
		}
		if math.Signbit(x) && isOddInt(y) {
			return x
		}
		return 0
	case math.IsInf(y, 0):
		switch {
		case x == -1:
			return 1
		case (math.Abs(x) < 1) == math.IsInf(y, 1):
			return 0
		}
		return math.Inf(1)
	case math.IsInf(x, 0):
		return powInf(x, y)
	case y == math.Trunc(y) && math.Abs(y) <= maxExactExponent:
		return powExact(x, int(y))
	case y == 0.5:
		return math.Sqrt(x)
	case x > 0 && 2*y == math.Trunc(2*y) && math.Abs(y) <= maxExactExponent:
		return powHalf(x, int(2*y))
	}
	return powLoop(x, y)
}

// powInf is ±Inf**y for finite non-zero y.
func powInf(x, y float64) float64 {
	odd := isOddInt(y)
	switch {
	case y < 0 && x < 0 && odd:
		return math.Copysign(0, -1)
	case y < 0:
		return 0
	case x < 0 && odd:
		return math.Inf(-1)
	}
	return math.Inf(1)
}

func isOddInt(x float64) bool {
	if math.Abs(x) >= 1<<53 {
		return false
	}
	xi, xf := math.Modf(x)
	return xf == 0 && int64(xi)&1 == 1
}

// powHalf is x**(n/2) for x > 0 and odd n: the square root of the exact
// rational x**n, correctly rounded. With s = isqrt(x**n * 4**k) of at
// least 55 bits, the root lies in [s, s+1) / 2**k, an interval with no
// rounding boundary inside, so s (or s + 1/2 when the root is inexact)
// rounds like the root itself.
func powHalf(x float64, n int) float64 {
	r := exactPow(x, n)
	p, q := r.Num(), r.Denom()
	k := max(0, (110-(p.BitLen()-q.BitLen())+1)/2)
	scaled := new(big.Int).Lsh(p, uint(2*k))
	rem := new(big.Int)
	scaled.QuoRem(scaled, q, rem)
	s := new(big.Int).Sqrt(scaled)
	if rem.Sign() != 0 || new(big.Int).Mul(s, s).Cmp(scaled) != 0 {
		s.Lsh(s, 1).SetBit(s, 0, 1) // s + 1/2, one bit further down
		k++
	}
	f, _ := new(big.Rat).SetFrac(s, new(big.Int).Lsh(big.NewInt(1), uint(k))).Float64()
	return f
}

// exactPow is the rational x**n.
func exactPow(x float64, n int) *big.Rat {
	r := new(big.Rat).SetFloat64(x)
	num := new(big.Int).Exp(r.Num(), big.NewInt(int64(absInt(n))), nil)
	den := new(big.Int).Exp(r.Denom(), big.NewInt(int64(absInt(n))), nil)
	if n < 0 {
		num, den = den, num
	}
	if den.Sign() < 0 {
		num.Neg(num)
		den.Neg(den)
	}
	return new(big.Rat).SetFrac(num, den)
}

// powExact rounds the exact rational x**n once to the nearest float64.
func powExact(x float64, n int) float64 {
	r := exactPow(x, n)
	f, _ := r.Float64()
	if f == 0 && r.Sign() < 0 {
		return math.Copysign(0, -1)
	}
	return f
}

func absInt(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// powLoop is Go's math.Pow after its special cases.
func powLoop(x, y float64) float64 {
	yi, yf := math.Modf(math.Abs(y))
	if yi >= 1<<63 {
		switch {
		case x == -1:
			return 1
		case (math.Abs(x) < 1) == (y > 0):
			return 0
		}
		return math.Inf(1)
	}
	a1, ae := 1.0, 0
	if yf != 0 {
		if yf > 0.5 {
			yf--
			yi++
		}
		a1 = portableExp(float64(yf * portableLog(x)))
	}
	x1, xe := math.Frexp(x)
	for i := int64(yi); i != 0; i >>= 1 {
		if xe < -1<<12 || 1<<12 < xe {
			ae += xe
			break
		}
		if i&1 == 1 {
			a1 *= x1
			ae += xe
		}
		x1 *= x1
		xe <<= 1
		if x1 < .5 {
			x1 += x1
			xe--
		}
	}
	if y < 0 {
		a1 = 1 / a1
		ae = -ae
	}
	return math.Ldexp(a1, ae)
}

// portableExp is Go's pure-Go math.exp.
func portableExp(x float64) float64 {
	const (
		ln2Hi     = 6.93147180369123816490e-01
		ln2Lo     = 1.90821492927058770002e-10
		log2e     = 1.44269504088896338700e+00
		overflow  = 7.09782712893383973096e+02
		underflow = -7.45133219101941108420e+02
		nearZero  = 1.0 / (1 << 28)
	)
	switch {
	case math.IsNaN(x):
		return x
	case x > overflow:
		return math.Inf(1)
	case x < underflow:
		return 0
	case -nearZero < x && x < nearZero:
		return 1 + x
	}
	var k int
	switch {
	case x < 0:
		k = int(float64(log2e*x) - 0.5)
	case x > 0:
		k = int(float64(log2e*x) + 0.5)
	}
	hi := x - float64(float64(k)*ln2Hi)
	lo := float64(k) * ln2Lo
	return expmulti(hi, lo, k)
}

func expmulti(hi, lo float64, k int) float64 {
	const (
		p1 = 1.66666666666666657415e-01
		p2 = -2.77777777770155933842e-03
		p3 = 6.61375632143793436117e-05
		p4 = -1.65339022054652515390e-06
		p5 = 4.13813679705723846039e-08
	)
	r := hi - lo
	t := r * r
	c := r - float64(t*(p1+float64(t*(p2+float64(t*(p3+float64(t*(p4+float64(t*p5)))))))))
	y := 1 - ((lo - float64(r*c)/(2-c)) - hi)
	return math.Ldexp(y, k)
}

// portableLog is Go's pure-Go math.log.
func portableLog(x float64) float64 {
	const (
		ln2Hi = 6.93147180369123816490e-01
		ln2Lo = 1.90821492927058770002e-10
		l1    = 6.666666666666735130e-01
		l2    = 3.999999999940941908e-01
		l3    = 2.857142874366239149e-01
		l4    = 2.222219843214978396e-01
		l5    = 1.818357216161805012e-01
		l6    = 1.531383769920937332e-01
		l7    = 1.479819860511658591e-01
	)
	switch {
	case math.IsNaN(x) || math.IsInf(x, 1):
		return x
	case x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	}
	f1, ki := math.Frexp(x)
	if f1 < math.Sqrt2/2 {
		f1 *= 2
		ki--
	}
	f := f1 - 1
	k := float64(ki)
	s := f / (2 + f)
	s2 := s * s
	s4 := s2 * s2
	t1 := s2 * (l1 + float64(s4*(l3+float64(s4*(l5+float64(s4*l7))))))
	t2 := s4 * (l2 + float64(s4*(l4+float64(s4*l6))))
	R := t1 + t2
	hfsq := 0.5 * f * f
	return float64(k*ln2Hi) - ((hfsq - (float64(s*(hfsq+R)) + float64(k*ln2Lo))) - f)
}
