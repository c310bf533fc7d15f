package spec

import "github.com/flowspec/flowspec/internal/bounded"

// MaxFileSize bounds a flow file: 16 MiB, hundreds of times the largest flow
// anyone writes by hand, and small enough that parsing it stays within
// validate's memory budget (see docs/limits.md).
const MaxFileSize = 16 << 20

// maxValueMarks bounds how many values a flow file may start before YAML
// builds its tree, which costs about 200 bytes per value: a million keeps
// that under 250 MiB. No flow comes near it: the alias check refuses more
// than maxExpandedNodes values anyway.
const maxValueMarks = 1_000_000

// valueMarks counts the places where a YAML value can start (line breaks,
// flow indicators, ": " and "- "): an upper bound of the nodes the file
// parses into, counted without parsing it.
func valueMarks(src []byte) int {
	n := 1
	for _, b := range src {
		switch b {
		case '\n', ',', '[', '{', ':', '-', '?':
			n++
		}
	}
	return n
}

// tooManyValues is the diagnostic for a file past maxValueMarks.
func tooManyValues(file string) Diagnostics {
	var ds Diagnostics
	at := Range{File: file, Start: Pos{1, 1}, End: Pos{1, 1}}
	ds.Errorf(at, "generate long lists with ${{ range(...) }} expressions, or read them from a file in a task",
		"the flow file has more than %d lines and separators, the limit, so it is not parsed", maxValueMarks)
	return ds
}

// tooLarge is the diagnostic for a flow file past MaxFileSize.
func tooLarge(file string) Diagnostics {
	var ds Diagnostics
	at := Range{File: file, Start: Pos{1, 1}, End: Pos{1, 1}}
	ds.Errorf(at, "split the flow, or generate long lists with ${{ range(...) }} expressions",
		"the flow file is larger than the limit of %s", bounded.Size(MaxFileSize))
	return ds
}
