package spec

import (
	"errors"
	"math"
	"regexp"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// Plain scalars that YAML reads as numbers (or that look like numbers but
// cannot be held by one) are checked once, over the whole file, so that no
// field, argument or parameter silently turns an out-of-range number into
// text, a rounded float or nothing.
var (
	decimalInt = regexp.MustCompile(`^[-+]?[0-9]+$`)
	floatText  = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)
)

// numberHint is the fix for every out-of-range number.
const numberHint = "use a smaller number, or quote it (\"...\") to keep it as text"

// checkNumbers reports each plain scalar under root that is written as a
// number but does not fit one: an integer past the int64 range (YAML would
// read it as a rounded float) or a number past the float64 range (YAML would
// read it as text). The tree is alias-free (see resolveAliases).
func checkNumbers(file string, root *yaml.Node) Diagnostics {
	var ds Diagnostics
	seen := map[*yaml.Node]bool{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if seen[n] {
			return
		}
		seen[n] = true
		if msg := numberProblem(n); msg != "" {
			ds.Errorf(RangeOf(file, n), numberHint, "%s", msg)
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	return ds
}

// numberProblem says what is wrong with a scalar written as a number, or "".
func numberProblem(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode || n.Style != 0 {
		return ""
	}
	switch n.ShortTag() {
	case "!!int":
		var i int64
		if n.Decode(&i) != nil {
			return intRangeError(n.Value)
		}
	case "!!float":
		if decimalInt.MatchString(n.Value) {
			return intRangeError(n.Value)
		}
	case "!!str":
		if _, err := strconv.ParseFloat(n.Value, 64); floatText.MatchString(n.Value) && errors.Is(err, strconv.ErrRange) {
			return "the number " + shorten(n.Value) + " is past the range of a float64 (about ±1.8e308)"
		}
	}
	return ""
}

func intRangeError(text string) string {
	return "the integer " + shorten(text) + " is past the range of a 64-bit integer (±" + strconv.FormatInt(math.MaxInt64, 10) + ")"
}

// shorten keeps a number's text readable in a message.
func shorten(s string) string {
	if len(s) > 40 {
		return s[:20] + "…" + s[len(s)-10:] + " (" + strconv.Itoa(len(s)) + " characters)"
	}
	return s
}

// withoutShadowed drops the diagnostics of later stages that point where a
// number diagnostic already does: one value, one message.
func withoutShadowed(ds, numbers Diagnostics) Diagnostics {
	at := map[Range]bool{}
	for _, d := range numbers {
		at[d.Range] = true
	}
	out := ds[:0]
	for _, d := range ds {
		if !at[d.Range] {
			out = append(out, d)
		}
	}
	return out
}
