package lower

import (
	"fmt"
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode"
)

// pythonRegexp rewrites a Go (RE2) regular expression, as expr-lang's
// matches compiles it, into a Python re pattern that matches exactly the
// same strings when searched with re.ASCII (the helper _x_matches does).
// Go's parse tree already spells classes as rune ranges (\d is [0-9],
// \s is [\t\n\f\r ], (?i) folds classes); the rest is written without
// anything whose meaning differs between the two engines: literals under
// (?i) become their case-fold orbits (Go's simple folding, not Python's),
// runes are written as \uXXXX escapes, `$` without (?m) is Python's \Z,
// and \b is ASCII in both only because of re.ASCII.
func pythonRegexp(pattern string) (string, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := writeRegexp(&b, re); err != nil {
		return "", err
	}
	return b.String(), nil
}

func writeRegexp(b *strings.Builder, re *syntax.Regexp) error {
	switch re.Op {
	case syntax.OpNoMatch:
		b.WriteString("(?!)")
	case syntax.OpEmptyMatch:
		b.WriteString("(?:)")
	case syntax.OpLiteral:
		writeLiteral(b, re)
	case syntax.OpCharClass:
		writeClass(b, re.Rune)
	case syntax.OpAnyCharNotNL:
		b.WriteString(`[^\n]`)
	case syntax.OpAnyChar:
		b.WriteString(`[\x00-\U0010ffff]`)
	case syntax.OpBeginLine:
		b.WriteString("(?m:^)")
	case syntax.OpEndLine:
		b.WriteString("(?m:$)")
	case syntax.OpBeginText:
		b.WriteString(`\A`)
	case syntax.OpEndText:
		b.WriteString(`\Z`)
	case syntax.OpWordBoundary:
		b.WriteString(`\b`)
	case syntax.OpNoWordBoundary:
		b.WriteString(`\B`)
	case syntax.OpCapture:
		return writeGroup(b, re.Sub[0])
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		return writeRepeat(b, re)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if err := writeRegexp(b, sub); err != nil {
				return err
			}
		}
	case syntax.OpAlternate:
		b.WriteString("(?:")
		for i, sub := range re.Sub {
			if i > 0 {
				b.WriteByte('|')
			}
			if err := writeRegexp(b, sub); err != nil {
				return err
			}
		}
		b.WriteByte(')')
	default:
		return fmt.Errorf("the regular expression construct %s", re.Op)
	}
	return nil
}

// writeGroup writes re as one non-capturing group (captures play no part
// in whether a string matches).
func writeGroup(b *strings.Builder, re *syntax.Regexp) error {
	b.WriteString("(?:")
	err := writeRegexp(b, re)
	b.WriteByte(')')
	return err
}

func writeRepeat(b *strings.Builder, re *syntax.Regexp) error {
	if err := writeGroup(b, re.Sub[0]); err != nil {
		return err
	}
	switch re.Op {
	case syntax.OpStar:
		b.WriteByte('*')
	case syntax.OpPlus:
		b.WriteByte('+')
	case syntax.OpQuest:
		b.WriteByte('?')
	default:
		b.WriteString("{" + strconv.Itoa(re.Min) + ",")
		if re.Max >= 0 {
			b.WriteString(strconv.Itoa(re.Max))
		}
		b.WriteByte('}')
	}
	if re.Flags&syntax.NonGreedy != 0 {
		b.WriteByte('?')
	}
	return nil
}

// writeLiteral writes a literal's runes; under (?i) each rune is the class
// of its simple case-fold orbit, as Go matches it.
func writeLiteral(b *strings.Builder, re *syntax.Regexp) {
	for _, r := range re.Rune {
		if re.Flags&syntax.FoldCase == 0 {
			writeRune(b, r)
			continue
		}
		orbit := []rune{r, r}
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			orbit = append(orbit, f, f)
		}
		writeClass(b, orbit)
	}
}

// writeClass writes the rune ranges lo, hi, lo, hi, ... as a class.
func writeClass(b *strings.Builder, ranges []rune) {
	if len(ranges) == 0 {
		b.WriteString("(?!)")
		return
	}
	b.WriteByte('[')
	for i := 0; i+1 < len(ranges); i += 2 {
		writeRune(b, ranges[i])
		if ranges[i+1] != ranges[i] {
			b.WriteByte('-')
			writeRune(b, ranges[i+1])
		}
	}
	b.WriteByte(']')
}

// writeRune writes r as itself when it is an ASCII letter or digit, else
// as a \u or \U escape, which Python's re reads the same inside and
// outside classes.
func writeRune(b *strings.Builder, r rune) {
	switch {
	case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		b.WriteRune(r)
	case r <= 0xFFFF:
		fmt.Fprintf(b, `\u%04x`, r)
	default:
		fmt.Fprintf(b, `\U%08x`, r)
	}
}
