package lower

import "fmt"

// Operators travel by value as Python source, and no bytecode travels:
//
//   - each distinct source (an operator's twin, the runtime module) is a
//     data key of the graph, "flowspec-src-<hash>", whose value is the
//     source text; tasks depend on it, so Dask copies it to a worker once,
//     like any input, and every task message stays small;
//   - two small functions, load and run (loaderSource), are made once per
//     graph on the scheduler by builtins.eval + exec and reach the workers
//     by value through cloudpickle, as Dask sends any function it cannot
//     import. They are plain top-level functions that reference nothing but
//     builtins: cloudpickle pickles a closure of nested lambdas several
//     times slower, which showed as 5x the wall time per task;
//   - on a worker, load(src, name) execs src into a namespace once per
//     process (cached in a sys.modules entry, so module-level state and
//     functions found by name at run time, as expr's translated code does,
//     work) and returns the function name; run(src, name, *args) calls it.
const loaderSource = `def load(src, name):
    cache = __import__("sys").modules.setdefault("flowspec_sources", __import__("types").ModuleType("flowspec_sources")).__dict__
    ns = cache.get(src)
    if ns is None:
        ns = {"__name__": "flowspec_" + name}
        exec(compile(src, "flowspec/" + name + ".py", "exec"), ns)
        ns = cache.setdefault(src, ns)
    return ns[name]


def run(src, name, *args):
    cache = __import__("sys").modules.setdefault("flowspec_sources", __import__("types").ModuleType("flowspec_sources")).__dict__
    ns = cache.get(src)
    if ns is None:
        ns = {"__name__": "flowspec_" + name}
        exec(compile(src, "flowspec/" + name + ".py", "exec"), ns)
        ns = cache.setdefault(src, ns)
    return ns[name](*args)
`

// makeLoaders is evaluated once per graph on the scheduler: it execs
// loaderSource (passed in its globals as LOADER) and returns (load, run).
const makeLoaders = `(lambda ns: (exec(LOADER, ns), (ns["load"], ns["run"]))[1])({"__name__": "flowspec_loader"})`

// srcLayer names the layer holding the source data keys.
const srcLayer = "flowspec-src"

// runHead pushes the three items run, the source's key, name.
func (w *lowerer) runHead(src, name string) {
	w.loader(1)
	w.srcKey(src)
	w.name(name)
}

// name pushes a function name, memoized: it repeats in every task.
func (w *lowerer) name(s string) {
	if m, ok := w.nameMemo[s]; ok {
		w.p.get(m)
		return
	}
	w.str(s)
	if w.nameMemo == nil {
		w.nameMemo = map[string]uint32{}
	}
	w.nameMemo[s] = w.p.memoize()
}

// fnRef pushes the sub-task (load, source key, name): the function itself.
func (w *lowerer) fnRef(src, name string) {
	t := w.p.tuple()
	w.loader(0)
	w.srcKey(src)
	w.name(name)
	t.close()
}

// loader pushes load (i = 0) or run (i = 1), made once per graph.
func (w *lowerer) loader(i int) {
	id := [2]string{"load", "run"}[i]
	if m, ok := w.helperMemo[id]; ok {
		w.p.get(m)
		return
	}
	p := &w.p
	if _, ok := w.helperMemo["loaders"]; !ok {
		p.global("builtins", "eval")
		args := p.tuple()
		p.str(makeLoaders)
		d := p.dict()
		d.item()
		p.str("LOADER")
		p.str(loaderSource)
		d.done()
		args.close()
		p.reduce()
		w.remember("loaders")
		p.pop() // keep it in the memo only
	}
	p.global("operator", "getitem")
	args := p.tuple()
	p.get(w.helperMemo["loaders"])
	p.int(int64(i))
	args.close()
	p.reduce()
	w.remember(id)
}

// srcKey pushes the data key of source src, recording src for the source
// layer written at the end (writeSources).
func (w *lowerer) srcKey(src string) {
	if m, ok := w.srcMemo[src]; ok {
		w.p.get(m)
		return
	}
	h := newFNV()
	h.str(src)
	key := fmt.Sprintf("%s-%08x", srcLayer, uint32(h.Sum64()))
	w.p.str(key)
	if w.srcMemo == nil {
		w.srcMemo = map[string]uint32{}
	}
	w.srcMemo[src] = w.p.memoize()
	w.sources = append(w.sources, src)
}

// writeSources pushes the layer of source data keys: {key: source text}.
func (w *lowerer) writeSources() {
	p := &w.p
	p.global("dask.highlevelgraph", "MaterializedLayer")
	args := p.tuple()
	d := p.dict()
	for _, src := range w.sources {
		d.item()
		p.get(w.srcMemo[src])
		p.str(src)
	}
	d.done()
	p.none()
	args.close()
	p.reduce()
}
