package lower

import (
	_ "embed"
	"fmt"
)

// Operators travel by value as Python source, and no bytecode travels:
//
//   - each distinct source (an operator's twin, the runtime module) is a
//     data key of the graph, "flowspec-src-<hash>", whose value is the
//     source text; tasks depend on it, so Dask copies it to a worker once,
//     like any input, and every task message stays small;
//   - two callables, load and run, come from a module (loader.py) that the
//     graph builds once on the scheduler by builtins.eval of bootSource and
//     registers in sys.modules as loaderModule;
//   - on a worker, load(src, name) execs src into a namespace once per
//     process (so module-level state and functions found by name at run
//     time, as expr's translated code does, work) and returns the function
//     name; run(src, name, *args) calls it.
//
// The scheduler pickles every task it sends to a worker. A function it
// cannot import is copied by value by cloudpickle, after two failed attempts
// to pickle it by reference: about 0.4 ms of scheduler CPU a task, which is
// what kept unoptimized runs behind Python's client, whose functions are
// importable. So load and run are handles whose pickle is a recipe of
// builtins: the module from sys.modules if there, else built from its
// source by bootSource (lazily: map). A worker builds it on the first task
// it receives and finds it on every later one.
//
//go:embed loader.py
var loaderSource string

// bootSource, evaluated with S (loaderSource), N (loaderModule) and B
// (itself) as globals, returns the loader module: the one in sys.modules,
// else a new one with SOURCE and BOOT set, loaderSource executed in it and
// registered.
const bootSource = `__import__("sys").modules.get(N) or (lambda m: (m.__dict__.update(SOURCE=S, BOOT=B, __file__="flowspec/loader.py"), exec(compile(S, "flowspec/loader.py", "exec"), m.__dict__), __import__("sys").modules.setdefault(N, m))[2])(__import__("types").ModuleType(N))`

// loaderModule names the loader module after its text, so graphs of
// different flowspec versions on one cluster never share one.
var loaderModule = func() string {
	h := newFNV()
	h.str(loaderSource)
	h.str(bootSource)
	return fmt.Sprintf("flowspec_loader_%08x", uint32(h.Sum64()))
}()

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

// loader pushes load (i = 0) or run (i = 1), made once per graph:
// getattr(eval(bootSource, {"S": ..., "N": ..., "B": ...}), name).
func (w *lowerer) loader(i int) {
	id := [2]string{"load", "run"}[i]
	if m, ok := w.helperMemo[id]; ok {
		w.p.get(m)
		return
	}
	p := &w.p
	if _, ok := w.helperMemo["loader"]; !ok {
		p.global("builtins", "eval")
		args := p.tuple()
		p.str(bootSource)
		boot := p.memoize()
		d := p.dict()
		for _, kv := range [][2]string{{"S", loaderSource}, {"N", loaderModule}} {
			d.item()
			p.str(kv[0])
			p.str(kv[1])
		}
		d.item()
		p.str("B")
		p.get(boot)
		d.done()
		args.close()
		p.reduce()
		w.remember("loader")
		p.pop() // keep it in the memo only
	}
	p.global("builtins", "getattr")
	args := p.tuple()
	p.get(w.helperMemo["loader"])
	p.str(id)
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
	w.p.str(srcKeyName(src))
	if w.srcMemo == nil {
		w.srcMemo = map[string]uint32{}
	}
	w.srcMemo[src] = w.p.memoize()
	w.sources = append(w.sources, src)
}

// srcKeyName is the data key holding src: the layer's name and src's hash.
func srcKeyName(src string) string {
	h := newFNV()
	h.str(src)
	return fmt.Sprintf("%s-%08x", srcLayer, uint32(h.Sum64()))
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
