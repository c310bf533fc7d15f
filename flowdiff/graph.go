package flowdiff

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/spec"
)

// group is the visible group of g named name, or nil (no graph, or none).
func group(g *compiler.Graph, name string) (int, *compiler.Group) {
	if g == nil {
		return -1, nil
	}
	for i, grp := range g.Groups {
		if grp.Name == name && !grp.Hidden {
			return i, grp
		}
	}
	return -1, nil
}

// size describes a task's fan-out for an added or removed line: ", 100
// elements" when it is mapped and the graph is known.
func size(s Side, name string) string {
	if _, grp := group(s.Graph, name); grp != nil && grp.Mapped {
		return fmt.Sprintf(", %d elements", grp.Size)
	}
	return ""
}

// graphChanges compares what a task compiled into: its fan-out, the tasks
// it depends on and its options with the flow's defaults merged in.
func graphChanges(old, new Side, was string, t *spec.Task, renames map[string]string) []Change {
	oi, og := group(old.Graph, was)
	ni, ng := group(new.Graph, t.Name)
	if og == nil || ng == nil {
		return nil
	}
	c := changer{subject: "task " + t.Name, at: t.Range, renames: renames}
	if og.Mapped || ng.Mapped {
		c.field("elements", elements(og), elements(ng))
	}
	deps(&c, renamed(upstream(old.Graph, oi), renames), upstream(new.Graph, ni))
	own := func(key string) (spec.Range, bool) {
		if n := new.Flow.Node("tasks", t.Name, key); n != nil {
			return spec.RangeOf(new.Flow.File, n), true
		}
		return t.Range, old.Flow.Node("tasks", was, key) != nil
	}
	options(&c, og.Options, ng.Options, own)
	return c.out
}

// elements is a group's fan-out: its element count, or "not mapped".
func elements(g *compiler.Group) string {
	if !g.Mapped {
		return "not mapped"
	}
	return fmt.Sprint(g.Size)
}

// upstream lists the visible tasks group i depends on, looking through the
// groups the compiler generated for runtime expressions.
func upstream(g *compiler.Graph, i int) []string {
	edges := g.GroupEdges()
	seen := map[int32]bool{}
	var names []string
	var walk func(int32)
	walk = func(j int32) {
		for _, up := range edges[j] {
			if seen[up] {
				continue
			}
			seen[up] = true
			if g.Groups[up].Hidden {
				walk(up)
			} else {
				names = append(names, g.Groups[up].Name)
			}
		}
	}
	walk(int32(i))
	slices.Sort(names)
	return names
}

// renamed maps names by renames.
func renamed(names []string, renames map[string]string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		if to, ok := renames[n]; ok {
			n = to
		}
		out[i] = n
	}
	slices.Sort(out)
	return out
}

// deps records the dependencies gained and lost.
func deps(c *changer, old, new []string) {
	for _, n := range new {
		if !slices.Contains(old, n) {
			c.out = append(c.out, Change{Kind: Changed, Subject: c.subject, What: "depends on", New: n, Range: c.at})
		}
	}
	for _, o := range old {
		if !slices.Contains(new, o) {
			c.out = append(c.out, Change{Kind: Changed, Subject: c.subject, What: "depends on", Old: o, Range: c.at})
		}
	}
}

// options records each execution option that differs and that the task
// sets itself in either version; a change that comes from defaults: alone
// is reported once, for the defaults (see defaultsChanges).
func options(c *changer, o, n compiler.Options, own func(key string) (spec.Range, bool)) {
	field := func(key, old, new string) {
		if r, ok := own(key); ok && old != new {
			c.out = append(c.out, Change{Kind: Changed, Subject: c.subject, What: key, Old: old, New: new, Range: r})
		}
	}
	field("retries", fmt.Sprint(o.Retries), fmt.Sprint(n.Retries))
	field("retry_delay", o.RetryDelay.String(), n.RetryDelay.String())
	field("backoff", fmt.Sprint(o.Backoff), fmt.Sprint(n.Backoff))
	field("timeout", timeoutText(o), timeoutText(n))
	field("trigger", string(o.Trigger), string(n.Trigger))
	field("priority", fmt.Sprint(o.Priority), fmt.Sprint(n.Priority))
	field("resources", resourcesText(o.Resources), resourcesText(n.Resources))
	field("workers", strings.Join(o.Workers, ", "), strings.Join(n.Workers, ", "))
	field("idempotent", boolText(o.Idempotent), boolText(n.Idempotent))
}

func timeoutText(o compiler.Options) string {
	if o.Timeout == 0 {
		return "none"
	}
	return o.Timeout.String()
}

// resourcesText writes resources sorted by name.
func resourcesText(r map[string]float64) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(r)) {
		parts = append(parts, fmt.Sprintf("%s=%g", k, r[k]))
	}
	return strings.Join(parts, ", ")
}
