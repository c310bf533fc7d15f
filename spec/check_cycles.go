package spec

import "strings"

// checkCycles reports each dependency cycle once, with its path
// ("cycle: a -> b -> a"), at the first task of the cycle in file order.
// Dependencies are tasks.X references and after: entries; self-references
// were reported already and are not edges.
func (c *checker) checkCycles() {
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	order := map[string]int{}
	for i, n := range c.names {
		order[n] = i
	}
	reported := map[string]bool{}
	var stack []string
	var visit func(n string)
	visit = func(n string) {
		state[n] = active
		stack = append(stack, n)
		for _, e := range c.edges[n] {
			switch state[e.To] {
			case unseen:
				visit(e.To)
			case active:
				c.reportCycle(cycleFrom(stack, e.To), order, reported)
			}
		}
		stack = stack[:len(stack)-1]
		state[n] = done
	}
	for _, n := range c.names {
		if state[n] == unseen {
			visit(n)
		}
	}
}

// cycleFrom returns the part of the DFS stack from start to its top.
func cycleFrom(stack []string, start string) []string {
	for i, n := range stack {
		if n == start {
			return append([]string(nil), stack[i:]...)
		}
	}
	return nil
}

// reportCycle rotates the cycle to start at its first task in file order and
// reports it unless that rotation was reported before.
func (c *checker) reportCycle(cyc []string, order map[string]int, reported map[string]bool) {
	if len(cyc) == 0 {
		return
	}
	first := 0
	for i, n := range cyc {
		if order[n] < order[cyc[first]] {
			first = i
		}
	}
	cyc = append(cyc[first:], cyc[:first]...)
	path := strings.Join(append(cyc, cyc[0]), " -> ")
	if reported[path] {
		return
	}
	reported[path] = true
	c.ds.Errorf(c.tasks[cyc[0]].Range, "break the cycle: a task cannot depend, directly or through others, on itself", "cycle: %s", path)
}
