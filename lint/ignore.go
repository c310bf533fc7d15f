package lint

import (
	"regexp"
	"strings"
)

// ignoreMark is the comment that silences rules: # flowspec: ignore[a, b].
var ignoreMark = regexp.MustCompile(`#\s*flowspec:\s*ignore\[([^\]]*)\]`)

// ignores maps a line number to the rule ids its comment silences.
type ignores map[int][]string

// ignored reads the ignore comments of a flow file.
func ignored(src []byte) ignores {
	out := ignores{}
	for i, line := range strings.Split(string(src), "\n") {
		for _, m := range ignoreMark.FindAllStringSubmatch(line, -1) {
			for _, id := range strings.Split(m[1], ",") {
				out[i+1] = append(out[i+1], strings.TrimSpace(id))
			}
		}
	}
	return out
}

// silences reports whether a comment on line or the line above names rule.
func (ig ignores) silences(line int, rule string) bool {
	for _, l := range []int{line, line - 1} {
		for _, id := range ig[l] {
			if id == rule {
				return true
			}
		}
	}
	return false
}
