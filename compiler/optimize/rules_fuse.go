package optimize

import "github.com/flowspec/flowspec/compiler"

// fuseRules is fuse for rule groups, before they have tasks: a rule group
// whose only reader is one parameter of another rule group's elements
// (element i read by element i, once) joins that reader as fuse would join
// its elements: the reader's operator becomes the composite and its rule
// takes the producer's arguments in that parameter's place. It returns the
// groups fused away, which Expand then drops. Groups are visited in order,
// so chains fuse transitively, each step one composite node.
func (o *optimizer) fuseRules(g *compiler.Graph) []bool {
	reads := ruleReads(g)
	dead := make([]bool, len(g.Groups))
	for _, c := range g.Groups {
		cop, ok := o.op(g, c)
		if c.Rule == nil || !ok || !fusableOp(cop) || !fusableOptions(&c.Options) {
			continue
		}
		inner := make([]string, len(c.Rule.Args))
		var args []compiler.RuleArg
		for k, ra := range c.Rule.Args {
			if p := o.ruleProducer(g, c, ra, reads); p != nil {
				inner[k], dead[ra.Group] = p.Op, true
				args = append(args, p.Rule.Args...)
				continue
			}
			args = append(args, ra)
		}
		if fusedAny(inner) {
			c.Op = o.newComposite(g, c.Op, inner)
			c.Rule = &compiler.Rule{Args: args}
		}
	}
	return dead
}

// ruleProducer returns the rule group ra reads element by element when
// consumer c may take its place, else nil. A persisted group is never
// fused away, as fuse keeps it: its results are stored under its own name.
func (o *optimizer) ruleProducer(g *compiler.Graph, c *compiler.Group, ra compiler.RuleArg, reads []int) *compiler.Group {
	if ra.Kind != compiler.RuleElem || reads[ra.Group] != 1 {
		return nil
	}
	p := g.Groups[ra.Group]
	if p.Rule == nil || p.Persist || p.Size != c.Size || !o.compatible(g, p, c) {
		return nil
	}
	return p
}

func fusedAny(inner []string) bool {
	for _, s := range inner {
		if s != "" {
			return true
		}
	}
	return false
}

// ruleReads counts, per group, the rule parameters reading its elements
// and the arguments reading its whole list.
func ruleReads(g *compiler.Graph) []int {
	reads := make([]int, len(g.Groups))
	var visit func(a *compiler.Arg)
	visit = func(a *compiler.Arg) {
		if a.Kind == compiler.GroupList {
			reads[a.Ref]++
		}
		for k := range a.Items {
			visit(&a.Items[k])
		}
	}
	g.RootArgs(visit)
	for _, grp := range g.Groups {
		if grp.Rule == nil {
			continue
		}
		for k := range grp.Rule.Args {
			if ra := &grp.Rule.Args[k]; ra.Kind == compiler.RuleElem {
				reads[ra.Group]++
			} else {
				visit(&ra.Shared)
			}
		}
	}
	return reads
}
