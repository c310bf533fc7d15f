package compiler

// RootArgs calls f on every argument the graph holds at its top level: each
// task's arguments, each group's when: condition and each output, so a pass
// that looks for readers of a group misses none. f does its own descent
// into Items (some stop early); rule groups' parameters are the caller's.
func (g *Graph) RootArgs(f func(*Arg)) {
	for i := range g.Tasks {
		for k := range g.Tasks[i].Args {
			f(&g.Tasks[i].Args[k])
		}
	}
	for _, grp := range g.Groups {
		if grp.Options.When != nil {
			f(grp.Options.When)
		}
	}
	for k := range g.Outputs {
		f(&g.Outputs[k].Value)
	}
}
