package compiler

import "sort"

// regroup restores the layout every executor relies on (a group's tasks
// are contiguous, Group.First..First+Size) after a with: argument was
// compiled once per element: an argument holding two runtime expressions
// a and b adds their tasks interleaved (a[0] b[0] a[1] b[1]), one group
// each. It moves the tasks added since start into group order (a[0] a[1]
// b[0] b[1]) and points the references to them in args[*][pi] at their
// new places. Those tasks read only tasks added before start, so the
// order stays topological.
func (c *compilation) regroup(start int, args [][]Arg, pi int) {
	tail := c.g.Tasks[start:]
	if sort.SliceIsSorted(tail, func(i, j int) bool { return tail[i].Group < tail[j].Group }) {
		return
	}
	order := make([]int, len(tail))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return tail[order[i]].Group < tail[order[j]].Group })
	moved := make([]int32, len(tail)) // old offset in tail -> new task index
	sorted := make([]Task, len(tail))
	for to, from := range order {
		sorted[to] = tail[from]
		moved[from] = int32(start + to)
	}
	copy(tail, sorted)
	for i := len(tail) - 1; i >= 0; i-- {
		c.g.Groups[tail[i].Group].First = start + i
	}
	for i := range args {
		moveRefs(&args[i][pi], int32(start), moved)
	}
}

// moveRefs rewrites a's references to tasks at or after start by moved.
func moveRefs(a *Arg, start int32, moved []int32) {
	if a.Kind == Ref && a.Ref >= start {
		a.Ref = moved[a.Ref-start]
	}
	for i := range a.Items {
		moveRefs(&a.Items[i], start, moved)
	}
}
