package lower

import (
	"github.com/flowspec/flowspec/compiler"
)

// Triggers on Dask. Dask never runs a task whose input erred, so a trigger
// other than all_success cannot be a Dask task reading its upstream keys.
// Instead every task such a trigger reads, directly or not, is marked and
// runs as two keys:
//
//	outcome key (prefix~, i):  (run, RT, "outcome", trigger, [upstream outcome keys],
//	                            FN, when, timeout, retries, delay, backoff, args...)
//	task key    (prefix, i):   (run, RT, "unwrap", outcome key)
//
// The outcome key never raises: it holds the value, or a marker saying the
// task failed (with its exception) or did not run. It decides from its
// upstream outcomes by the task's trigger (as runtime/trigger.go), then
// `when:`, then calls the operator with markers read as None. The task key
// raises the task's own exception again (or FlowspecSkipped), so the
// executor sees each task's state under the key it always had, and unmarked
// tasks downstream behave as before.

// outcomeSuffix turns a group's key prefix into its outcome keys' prefix.
// Prefixes end in a hex token, so no prefix ends in it.
const outcomeSuffix = "~"

// Marked reports, per task of g, whether it runs as an outcome and a task
// key: tasks whose trigger is not all_success, and every task they depend
// on, directly or not. nil when g has no such trigger.
func Marked(g *compiler.Graph) []bool {
	var marked []bool
	for i := len(g.Tasks) - 1; i >= 0; i-- {
		t := &g.Tasks[i]
		if tr := g.Groups[t.Group].Options.Trigger; tr != "" && tr != compiler.TriggerAllSuccess {
			if marked == nil {
				marked = make([]bool, len(g.Tasks))
			}
			marked[i] = true
		}
		if marked == nil || !marked[i] {
			continue
		}
		for _, d := range t.Deps {
			marked[d] = true
		}
	}
	return marked
}

// isMarked reports whether task i runs as an outcome and a task key.
func (w *lowerer) isMarked(i int32) bool { return w.marked != nil && w.marked[i] }

// outcomeKey pushes the outcome key of marked task i.
func (w *lowerer) outcomeKey(i int32) {
	t := &w.g.Tasks[i]
	prefix := w.prefixes[t.Group] + outcomeSuffix
	if !w.g.Groups[t.Group].Mapped {
		w.p.str(prefix)
		return
	}
	if w.stringKeys {
		w.p.str(stringKey(prefix, int(t.Index)))
		return
	}
	key := w.p.tuple()
	w.p.str(prefix)
	w.p.int(int64(t.Index))
	key.close()
}

// markedTask pushes the two layer entries of marked task i: its outcome
// key and task, then its task key and the unwrapping task.
func (w *lowerer) markedTask(i int32) {
	w.outcomeKey(i)
	w.outcomeTask(i)
	w.items.item()
	w.key(i)
	t := w.p.tuple()
	w.runHead(runtimeSource, "unwrap")
	w.outcomeKey(i)
	t.close()
}

// outcomeTask pushes the outcome task of marked task i; its references
// (arguments, `when:`, upstream states) are to outcome keys, since every
// task a marked task depends on is marked.
func (w *lowerer) outcomeTask(i int32) {
	t := &w.g.Tasks[i]
	o := &w.g.Groups[t.Group].Options
	op := w.ops[t.Group]
	p := &w.p
	w.outcomes = true
	defer func() { w.outcomes = false }()
	tt := p.tuple()
	w.runHead(runtimeSource, "outcome")
	trigger := o.Trigger
	if trigger == "" {
		trigger = compiler.TriggerAllSuccess
	}
	w.str(string(trigger))
	deps := p.list()
	for _, d := range t.Deps {
		deps.item()
		w.outcomeKey(d)
	}
	deps.done()
	w.wrapperArgs(t, o, op)
	w.taskArgs(i)
	tt.close()
}
