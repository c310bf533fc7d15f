// Package udiff writes the unified diff of two texts, line by line, as
// diff -u and git diff show it: flowspec fmt --check prints what fmt would
// change in this form.
package udiff

import (
	"fmt"
	"strings"
)

// context is how many unchanged lines surround each change.
const context = 3

// op is one line of an edit script: kept (' '), removed ('-') or added ('+').
type op struct {
	kind byte
	text string
}

// Unified returns the unified diff turning old into new, with headers
// naming them oldName and newName, or "" when the texts are equal.
func Unified(oldName, newName, old, new string) string {
	if old == new {
		return ""
	}
	a, b := lines(old), lines(new)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldName, newName)
	for _, h := range hunks(script(a, b)) {
		out.WriteString(h)
	}
	return out.String()
}

// lines splits s into lines, each keeping its newline; a last line without
// one is marked as diff marks it.
func lines(s string) []string {
	if s == "" {
		return nil
	}
	ls := strings.SplitAfter(s, "\n")
	if ls[len(ls)-1] == "" {
		return ls[:len(ls)-1]
	}
	ls[len(ls)-1] += "\n\\ No newline at end of file\n"
	return ls
}

// script is the shortest edit script from a to b, from the table of their
// longest common subsequences (flow files are small: this is quadratic).
func script(a, b []string) []op {
	lcs := make([][]int32, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int32, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []op
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, op{' ', a[i]})
			i, j = i+1, j+1
		case i < len(a) && (j == len(b) || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', a[i]})
			i++
		default:
			ops = append(ops, op{'+', b[j]})
			j++
		}
	}
	return ops
}

// hunks groups an edit script into hunks with their @@ headers, each change
// with up to context kept lines around it.
func hunks(ops []op) []string {
	var out []string
	for start := 0; start < len(ops); {
		first := nextChange(ops, start)
		if first < 0 {
			break
		}
		from := max(first-context, start)
		end := hunkEnd(ops, first)
		out = append(out, hunk(ops, from, end))
		start = end
	}
	return out
}

// nextChange is the index of the first changed line at or after i, or -1.
func nextChange(ops []op, i int) int {
	for ; i < len(ops); i++ {
		if ops[i].kind != ' ' {
			return i
		}
	}
	return -1
}

// hunkEnd is where the hunk holding the change at i ends: after the last
// change followed by more than two contexts' worth of kept lines.
func hunkEnd(ops []op, i int) int {
	last := i
	for j := i; j < len(ops); j++ {
		if ops[j].kind != ' ' {
			last = j
		} else if j-last > 2*context {
			break
		}
	}
	return min(last+context+1, len(ops))
}

// hunk renders ops[from:end] with its header.
func hunk(ops []op, from, end int) string {
	oldStart, newStart := 1, 1
	for _, o := range ops[:from] {
		if o.kind != '+' {
			oldStart++
		}
		if o.kind != '-' {
			newStart++
		}
	}
	var body strings.Builder
	oldN, newN := 0, 0
	for _, o := range ops[from:end] {
		if o.kind != '+' {
			oldN++
		}
		if o.kind != '-' {
			newN++
		}
		body.WriteByte(o.kind)
		body.WriteString(o.text)
	}
	return fmt.Sprintf("@@ -%s +%s @@\n", span(oldStart, oldN), span(newStart, newN)) + body.String()
}

// span writes a hunk range as diff does: start,count; start alone for one
// line; start-1,0 when empty.
func span(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start-1)
	case 1:
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}
