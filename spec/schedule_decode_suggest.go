package spec

//go:generate go run schedule_decode_zones_gen.go

import (
	"sort"
	"strings"
)

// schedSuggest returns the choice closest to s when it is close enough to be a
// likely typo, or "".
func schedSuggest(s string, choices []string) string {
	best, bestDist := "", len(s)/2+2
	for _, c := range choices {
		if d := schedEditDistance(strings.ToLower(s), c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// suggestZones returns up to three IANA zone names close to name: a
// case-insensitive match, names whose city part matches, then small typos.
func suggestZones(name string) []string {
	lower := strings.ToLower(strings.TrimSpace(name))
	if lower == "" {
		return nil
	}
	city := strings.ReplaceAll(lower[strings.LastIndex(lower, "/")+1:], " ", "_")
	type scored struct {
		name string
		dist int
	}
	var hits []scored
	for _, z := range ianaZones {
		zl := strings.ToLower(z)
		zcity := zl[strings.LastIndex(zl, "/")+1:]
		d := schedEditDistance(lower, zl)
		if cd := schedEditDistance(city, zcity); cd < d {
			d = cd
		}
		if d <= 2 || d <= len(city)/4 {
			hits = append(hits, scored{z, d})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].dist < hits[j].dist })
	var out []string
	for _, h := range hits {
		if len(out) == 3 {
			break
		}
		out = append(out, h.name)
	}
	return out
}

// schedEditDistance is the Levenshtein distance between a and b, in bytes.
func schedEditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
