package spec

import (
	"slices"
	"strings"
)

// didYouMean returns the candidate closest to name, or "" when none is close
// enough to be a likely typo: at most a third of the name's length edits away
// (at least one, at most three), or else the only candidate it begins. It is
// the one place every "did you mean" in spec comes from, so all suggestions
// behave alike.
func didYouMean(name string, candidates []string) string {
	limit := min(max(len(name)/3, 1), 3)
	best, bestDist := "", limit+1
	for _, c := range candidates {
		d := editDistance(strings.ToLower(name), strings.ToLower(c))
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" {
		best = uniquePrefixOf(name, candidates)
	}
	return best
}

// DidYouMean returns the candidate a mistyped name most likely meant, or ""
// (the rule every "did you mean" of flowspec follows, for other packages:
// --param names in the compiler, the CLI's unknown commands and flags).
func DidYouMean(name string, candidates []string) string { return didYouMean(name, candidates) }

// uniquePrefixOf returns the one candidate that starts with name ("run" for
// run_id), or "" when none or several do or name is too short to tell.
func uniquePrefixOf(name string, candidates []string) string {
	if len(name) < 3 {
		return ""
	}
	found := ""
	for _, c := range candidates {
		if strings.HasPrefix(strings.ToLower(c), strings.ToLower(name)) {
			if found != "" {
				return ""
			}
			found = c
		}
	}
	return found
}

// suggestHint words didYouMean's answer as a hint, or returns fallback.
func suggestHint(name string, candidates []string, fallback string) string {
	if s := didYouMean(name, candidates); s != "" {
		return didYouMeanHint(s)
	}
	return fallback
}

// didYouMeanHint is the one wording of a suggestion: did you mean "retries"?
func didYouMeanHint(suggestion string) string {
	return "did you mean " + quoted(suggestion) + "?"
}

// editDistance is the Levenshtein distance between a and b, counted in runes,
// with a transposition of neighbours ("retires" for "retries") costing one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// sortedCopy returns names sorted, leaving the argument alone.
func sortedCopy(names []string) []string {
	out := append([]string(nil), names...)
	slices.Sort(out)
	return slices.Compact(out)
}
