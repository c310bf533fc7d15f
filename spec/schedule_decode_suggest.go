package spec

//go:generate go run schedule_decode_zones_gen.go

import (
	"sort"
	"strings"
)

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
		d := editDistance(lower, zl)
		if cd := editDistance(city, zcity); cd < d {
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
