package dask

import (
	"context"
	"fmt"
	"strings"

	"github.com/flowspec/flowspec/compiler"
)

// killedClass is the exception Dask gives a task whose workers died while
// running it more often than distributed.scheduler.allowed-failures allows
// (reported as distributed.scheduler.KilledWorker).
const killedClass = "KilledWorker"

// isKilledWorker reports whether an exception class is Dask's KilledWorker.
func isKilledWorker(class string) bool {
	return class == killedClass || strings.HasSuffix(class, "."+killedClass)
}

// killedWorkerMessage explains a KilledWorker for a person: the worker
// process running the task died (most often killed for exceeding its
// memory limit; memLimit is the workers' limit in bytes, 0 if unknown), what
// it was running as written in the flow (every element of a batch), and the
// fix. Dask's own text is left out: it is the repr of the exception's
// arguments (the key, a WorkerState object), which says nothing more.
func killedWorkerMessage(g *compiler.Graph, i int32, memLimit int64) string {
	var b strings.Builder
	b.WriteString(killedClass + ": the Dask worker process running " + runningWhat(g, i) + " died")
	if memLimit > 0 {
		fmt.Fprintf(&b, "; workers here have a memory limit of %s, and a worker past it is killed", bytesText(memLimit))
	} else {
		b.WriteString(", most often because it ran out of memory")
	}
	b.WriteString(". Fix: give the task less to hold at once")
	if gr := g.GroupOf(int(i)); gr.Stride > 0 {
		fmt.Fprintf(&b, " (fewer elements per batch: `batch:` below %d on task %s)", gr.Stride, g.Key(int(i)).Name)
	}
	b.WriteString(", or give workers more memory (dask worker --memory-limit); the worker's log says why it died")
	return b.String()
}

// runningWhat names task i as the user wrote it: a batch task holds
// elements k*stride … of its group, an operator fused into it is named
// with it.
func runningWhat(g *compiler.Graph, i int32) string {
	gr := g.GroupOf(int(i))
	key := g.Key(int(i))
	what := key.String()
	if gr.Stride > 0 {
		first := key.Index * gr.Stride
		last := first + batchLen(&g.Tasks[i], gr.Stride) - 1
		what = fmt.Sprintf("%s[%d] to %s[%d] (one batch)", key.Name, first, key.Name, last)
	}
	return what + " (" + gr.Op + ")"
}

// batchLen is how many elements batch task t holds: the length of a spread
// argument known at compile time, else the stride.
func batchLen(t *compiler.Task, stride int) int {
	for _, a := range t.Args {
		switch {
		case !a.Spread:
		case a.Kind == compiler.List:
			return len(a.Items)
		case a.Kind == compiler.Const:
			if l, ok := a.Value.([]any); ok {
				return len(l)
			}
			if r, ok := a.Value.(compiler.IntRange); ok {
				return r.Len
			}
		}
	}
	return stride
}

// bytesText renders a byte count as Dask's dashboard does (2.00 GiB).
func bytesText(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, suffix := float64(n), "KMGTPE"
	k := -1
	for v >= unit && k < len(suffix)-1 {
		v /= unit
		k++
	}
	return fmt.Sprintf("%.2f %ciB", v, suffix[k])
}

// workerMemory is the memory limit of the cluster's workers (the largest,
// if they differ), 0 if none is set or the scheduler cannot say; asked
// once per run, when a worker has died.
func (r *daskRun) workerMemory(ctx context.Context) int64 {
	if r.memLimit != nil {
		return *r.memLimit
	}
	var limit int64
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.timeout)
	defer cancel()
	if id, err := r.c.Identity(cctx); err == nil {
		for _, w := range id.Workers {
			limit = max(limit, w.MemoryLimit)
		}
	}
	r.memLimit = &limit
	return limit
}
