package value

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestPowCorrectlyRounded compares the exact paths of powFloat with a
// 300-bit computation rounded once: integral and half-integral exponents
// must be correctly rounded.
func TestPowCorrectlyRounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		x := math.Ldexp(rng.Float64()+0.5, rng.IntN(80)-40)
		n := rng.IntN(41) - 20 // y = n/2
		if got, want := powFloat(x, float64(n)/2), referencePow(x, n); got != want {
			t.Fatalf("pow(%v, %v) = %v, want %v", x, float64(n)/2, got, want)
		}
	}
}

// referencePow is x**(n/2) = sqrt(x**n) at 300 bits, then rounded to float64.
func referencePow(x float64, n int) float64 {
	const prec = 300
	b := new(big.Float).SetPrec(prec).SetFloat64(x)
	r := new(big.Float).SetPrec(prec).SetFloat64(1)
	for range absInt(n) {
		r.Mul(r, b)
	}
	if n < 0 {
		r.Quo(new(big.Float).SetPrec(prec).SetFloat64(1), r)
	}
	r.Sqrt(r)
	f, _ := r.Float64()
	return f
}

// TestPortableMatchesMath: the transcribed exp and log are Go's pure-Go
// ones; on platforms without assembly they equal math.Exp and math.Log,
// and everywhere they stay within an ulp of them.
func TestPortableMatchesMath(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 10000 {
		x := (rng.Float64() - 0.5) * 1400
		if e, w := portableExp(x), math.Exp(x); math.Abs(e-w) > 2*ulp(w) {
			t.Fatalf("portableExp(%v) = %v, math.Exp = %v", x, e, w)
		}
		y := math.Ldexp(rng.Float64(), rng.IntN(2000)-1000)
		if l, w := portableLog(y), math.Log(y); math.Abs(l-w) > 2*ulp(w) {
			t.Fatalf("portableLog(%v) = %v, math.Log = %v", y, l, w)
		}
	}
}

func ulp(f float64) float64 {
	return math.Abs(math.Nextafter(f, math.Inf(1)) - f)
}
