package store

import (
	"context"
	"time"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/compiler/optimize"
)

// CacheHits is what the cache gives a run before it starts.
type CacheHits struct {
	Graph *compiler.Graph // without the elements taken from the cache
	Keys  []string        // those elements' keys, for the run log
	Base  []Group         // the groups as they stand before the run
	Carry []Result        // their stored results, which the run keeps too
}

// PlanCache takes from the cache every element of a cache: task whose
// operator, arguments and key match a stored result younger than the
// task's ttl, and drops it from g (optimize.Preload): on either executor a
// cached element never starts. base is the groups as a resume left them
// (nil for a fresh run).
func PlanCache(ctx context.Context, s Store, g *compiler.Graph, base []Group, now time.Time) (*CacheHits, error) {
	groups := baseGroups(g, base)
	h := &CacheHits{Graph: g}
	drop := make([]bool, len(g.Tasks))
	values := map[int32]any{}
	for _, grp := range g.Groups {
		if grp.Cache == nil {
			continue
		}
		if err := h.takeGroup(ctx, s, g, grp, now, groups[grp.Name], drop, values); err != nil {
			return nil, err
		}
	}
	for _, grp := range g.Groups {
		h.Base = append(h.Base, *groups[grp.Name])
	}
	if len(values) > 0 {
		h.Graph = optimize.Preload(g, drop, values, nil)
	}
	return h, nil
}

// takeGroup looks up one group's elements.
func (h *CacheHits) takeGroup(ctx context.Context, s Store, g *compiler.Graph, grp *compiler.Group, now time.Time, rec *Group, drop []bool, values map[int32]any) error {
	addrs := map[string]int{}
	var list []string
	for i := grp.First; i < grp.First+grp.Size; i++ {
		if a, ok := CacheAddress(g, i); ok {
			addrs[a] = i
			list = append(list, a)
		}
	}
	var since time.Time
	if grp.Cache.TTL > 0 {
		since = now.Add(-grp.Cache.TTL)
	}
	found, err := s.Cached(ctx, list, since)
	if err != nil {
		return err
	}
	for a, hash := range found {
		v, err := s.Value(ctx, hash)
		if err != nil {
			continue // its value is gone (pruned): the element runs
		}
		i := addrs[a]
		index := g.Tasks[i].Index
		drop[i], values[int32(i)] = true, v
		rec.Counts.Cached++
		rec.Done.Set(int(index))
		rec.Cached.Set(int(index))
		h.Keys = append(h.Keys, g.Key(i).String())
		h.Carry = append(h.Carry, Result{Group: grp.Name, Index: max(int(index), 0), Hash: hash})
	}
	return nil
}

// baseGroups is the record of each of g's groups before its run: as base
// has it, or empty.
func baseGroups(g *compiler.Graph, base []Group) map[string]*Group {
	out := map[string]*Group{}
	for i := range base {
		b := base[i]
		out[b.Name] = &b
	}
	for _, grp := range g.Groups {
		if _, ok := out[grp.Name]; !ok {
			out[grp.Name] = &Group{Name: grp.Name, Op: grp.Op, Pos: grp.Range.String(), Size: grp.Size}
		}
	}
	return out
}
