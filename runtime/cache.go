package runtime

// Cache gives an element its stored result at the moment it would run:
// the run store's cache: for elements whose arguments come from upstream
// results, which only exist then (elements with arguments known before the
// run are looked up before it starts and never reach an executor).
// Lookup is called from the executor's workers, concurrently, with the
// element's resolved arguments in its operator's parameter order; it must
// be safe for that and should return quickly.
type Cache interface {
	Lookup(task int32, args []any) (any, bool)
}

// WithCache returns a copy of l that asks c for the result of each element
// of a group with compiler.Group.Cache before calling its operator: a hit
// is the element's result (its Success event says Cached), the operator
// is not called.
func (l *Local) WithCache(c Cache) *Local {
	cp := *l
	cp.cache = c
	return &cp
}

// cached is task i's result from the cache, when its group has cache: and
// the cache holds one for its arguments.
func (r *run) cached(i int32) (any, bool) {
	t := &r.p.g.Tasks[i]
	if r.cache == nil || t.Each || r.p.g.Groups[t.Group].Cache == nil {
		return nil, false
	}
	args := make([]any, len(t.Args))
	for k := range t.Args {
		args[k] = resolve(&t.Args[k], r.results)
	}
	return r.cache.Lookup(i, args)
}
