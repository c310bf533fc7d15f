package lower

import (
	"fmt"

	"github.com/flowspec/flowspec/compiler"
)

// arg pushes one argument: a constant, an upstream key (Dask substitutes
// the value), a list Dask walks, or a map built by a (dict, [[k, v], ...])
// sub-task, which every supported Dask version resolves (dicts given as
// task arguments are not searched for keys).
func (w *lowerer) arg(a *compiler.Arg) {
	p := &w.p
	switch a.Kind {
	case compiler.Const:
		w.value(a.Value, false)
	case compiler.Ref:
		if w.outcomes {
			w.outcomeKey(a.Ref)
		} else {
			w.key(a.Ref)
		}
	case compiler.List:
		l := p.list()
		for i := range a.Items {
			l.item()
			w.arg(&a.Items[i])
		}
		l.done()
	case compiler.Map:
		m := p.tuple()
		w.global("builtins", "dict")
		l := p.list()
		for i := range a.Items {
			l.item()
			l2 := p.list()
			l2.item()
			w.str(a.Names[i])
			l2.item()
			w.arg(&a.Items[i])
			l2.done()
		}
		l.done()
		m.close()
	}
}

// value pushes a constant. Inside a dict (inDict) Dask does not look for
// keys, so strings need no escaping there.
func (w *lowerer) value(v any, inDict bool) {
	p := &w.p
	switch x := v.(type) {
	case nil:
		p.none()
	case bool:
		p.bool(x)
	case int64:
		p.int(x)
	case int:
		p.int(int64(x))
	case float64:
		p.float(x)
	case string:
		if inDict {
			p.str(x)
		} else {
			w.str(x)
		}
	case compiler.IntRange:
		w.value(x.List(), inDict)
	case []any:
		l := p.list()
		for _, e := range x {
			l.item()
			w.value(e, inDict)
		}
		l.done()
	case map[string]any:
		d := p.dict()
		for _, k := range sortedKeys(x) {
			d.item()
			p.str(k)
			w.value(x[k], true)
		}
		d.done()
	default:
		if w.err == nil {
			w.err = fmt.Errorf("dask: cannot send a constant of Go type %T to Dask", v)
		}
		p.none()
	}
}

// str pushes a string that Dask must not mistake for a key: one equal to a
// key of this graph travels as (bytes.decode, b"...").
func (w *lowerer) str(s string) {
	if !w.keyNames[s] {
		w.p.str(s)
		return
	}
	t := w.p.tuple()
	w.global("builtins", "bytes.decode")
	w.p.bytes(s)
	t.close()
}

// global pushes module.name, memoized.
func (w *lowerer) global(module, name string) {
	id := module + "\x00" + name
	if m, ok := w.helperMemo[id]; ok {
		w.p.get(m)
		return
	}
	w.p.global(module, name)
	w.remember(id)
}

func (w *lowerer) remember(id string) {
	if w.helperMemo == nil {
		w.helperMemo = make(map[string]uint32)
	}
	w.helperMemo[id] = w.p.memoize()
}
