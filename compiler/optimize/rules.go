package optimize

import "github.com/flowspec/flowspec/compiler"

// expandRules makes the tasks of a lazy graph's rule groups (see
// compiler.Rule) before any pass reads it: straight into batches where the
// batch pass would batch the group (same sizes, same conditions), so a map
// over range(10^7) never exists as 10^7 tasks; else one task per element.
// Batched rule groups feed each other batch by batch (Spread references)
// rather than being fused: fuse leaves Each tasks alone.
func (o *optimizer) expandRules(g *compiler.Graph) *compiler.Graph {
	concat, ok := o.reg.Lookup("concat")
	if !ok || !o.passOn("batch") {
		return g.Expand(func(int) int { return 0 }, "")
	}
	return g.Expand(func(gi int) int { return o.ruleBatchSize(g, g.Groups[gi]) }, concat.Name)
}

// passOn reports whether the pass called name runs.
func (o *optimizer) passOn(name string) bool {
	for _, p := range passes {
		if p.name == name {
			return o.enabled(p)
		}
	}
	return false
}

// ruleBatchSize is batchSize for a rule group: the partition size, or 0
// when the batch pass would not batch it.
func (o *optimizer) ruleBatchSize(g *compiler.Graph, grp *compiler.Group) int {
	op, ok := o.op(g, grp)
	opts := &grp.Options
	if !ok || op.Isolated || len(op.Params) == 0 || opts.Retries > 0 || opts.Timeout > 0 ||
		opts.When != nil || !defaultTrigger(opts) {
		return 0
	}
	size := 0
	switch {
	case grp.Batch > 0:
		size = grp.Batch
	case grp.Batch == compiler.BatchAuto || op.Pure && o.ruleCheap(g, grp):
		size = clamp(grp.Size/(4*o.threads()), minAutoBatch, maxAutoBatch)
	}
	if grp.Size <= size {
		return 0
	}
	return size
}

// ruleCheap is cheap for a rule group: every delay is a shared zero.
func (o *optimizer) ruleCheap(g *compiler.Graph, grp *compiler.Group) bool {
	op, _ := o.op(g, grp)
	if op.Foreign {
		return op.Cheap
	}
	for k, ra := range grp.Rule.Args {
		if o.isDelay(op, k) && (ra.Kind != compiler.RuleShared || ra.Shared.Kind != compiler.Const || !isZero(ra.Shared.Value)) {
			return false
		}
	}
	return true
}
