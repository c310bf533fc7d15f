package store

import (
	"context"
	"time"
)

// Lookup is runtime.Cache for the run rec records: an element of a
// cache: group whose arguments came from upstream results, about to run,
// is looked up by its operator, those arguments and its key (the address
// CacheAddress would give had they been constants). A hit is kept in the
// run's record as a cached element; on a miss the address is remembered,
// so the result the element then returns is filed under it. Elements
// whose arguments were known before the run were looked up by PlanCache
// and are not looked up again.
func (rec *Recorder) Lookup(task int32, args []any) (any, bool) {
	g := rec.g
	grp, t := g.GroupOf(int(task)), &g.Tasks[task]
	if _, static := CacheAddress(g, int(task)); static || grp.Cache == nil || t.Each {
		return nil, false
	}
	v, err := Encode([]any{"cache", grp.Op, args, grp.Cache.Keys[t.Index]})
	if err != nil {
		return nil, false // not storable: it runs, and is not cached
	}
	rec.addrs.Store(task, v.Hash)
	var since time.Time
	if grp.Cache.TTL > 0 {
		since = time.Now().Add(-grp.Cache.TTL)
	}
	ctx := context.Background()
	found, err := rec.s.Cached(ctx, []string{v.Hash}, since)
	hash, ok := found[v.Hash]
	if err != nil || !ok {
		return nil, false
	}
	val, err := rec.s.Value(ctx, hash)
	if err != nil {
		return nil, false // its value is gone (pruned): the element runs
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.carry = append(rec.carry, Result{Group: grp.Name, Index: max(int(t.Index), 0), Hash: hash})
	rec.cachedKeys = append(rec.cachedKeys, g.Key(int(task)).String())
	return val, true
}

// cacheAddress is the cache address task's result is filed under: from
// its constant arguments, or from those Lookup saw when it ran.
func (rec *Recorder) cacheAddress(task int32) (string, bool) {
	if addr, ok := CacheAddress(rec.g, int(task)); ok {
		return addr, true
	}
	addr, ok := rec.addrs.Load(task)
	if !ok {
		return "", false
	}
	return addr.(string), true
}

// CachedKeys lists the elements the cache gave while the run ran
// (Lookup), for the run log.
func (rec *Recorder) CachedKeys() []string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]string(nil), rec.cachedKeys...)
}
