package flowdiff

// pairByName matches two lists of named things the way a reviewer reads
// them: in the new list's order, both(old, new) for a name in both lists
// and added(new) for a name only the new one has; then, in the old list's
// order, removed(old) for each name the new list lacks.
func pairByName[T any](old, new []T, name func(T) string, both func(o, n T), added, removed func(T)) {
	was := make(map[string]T, len(old))
	for _, o := range old {
		was[name(o)] = o
	}
	for _, n := range new {
		o, ok := was[name(n)]
		delete(was, name(n))
		if ok {
			both(o, n)
		} else {
			added(n)
		}
	}
	for _, o := range old {
		if _, ok := was[name(o)]; ok {
			removed(o)
		}
	}
}
