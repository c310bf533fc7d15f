package compiler

import (
	"github.com/flowspec/flowspec/spec"
	"go.yaml.in/yaml/v3"
)

// compileCache evaluates a task's cache key for each of its elements (the
// key may read params and index, never task results: it must be known
// before anything runs, so a cached element is never started).
func (c *compilation) compileCache(t *spec.Task) {
	gi, ok := c.groupOf[t.Name]
	if t.Cache == nil || !ok {
		return
	}
	if name, reads := c.readsTasks(t.Cache.Key.Node, t.Cache.Key); reads {
		c.diags.Errorf(t.Cache.Key.Range, "key on params, index or constants; the operator's arguments are part of the cache key already", "task %q: cache key cannot read task results (it reads tasks.%s)", t.Name, name)
		return
	}
	grp := c.g.Groups[gi]
	cache := &Cache{Keys: make(map[int32]any, grp.Size)}
	if t.Cache.TTL != nil {
		cache.TTL = t.Cache.TTL.Duration
	}
	for i := grp.First; i < grp.First+grp.Size; i++ {
		index := c.g.Tasks[i].Index
		a, ok := c.value(t.Cache.Key.Node, t.Cache.Key, scope{owner: t.Name + ".cache.key", index: int(index)})
		if !ok {
			return
		}
		cache.Keys[index] = a.Value
	}
	grp.Cache = cache
}

// readsTasks reports whether an expression anywhere in n reads a task's
// result, and the first task it reads.
func (c *compilation) readsTasks(n *yaml.Node, v spec.Value) (string, bool) {
	if n == nil {
		return "", false
	}
	if n.Kind == yaml.ScalarNode {
		if info := c.exprOf(n, v); info != nil && len(info.tasks) > 0 {
			return info.tasks[0], true
		}
		return "", false
	}
	for _, k := range n.Content {
		if name, ok := c.readsTasks(k, v); ok {
			return name, true
		}
	}
	return "", false
}
