package dask

import (
	"github.com/flowspec/flowspec/dask/wire"
)

// pythonType names the Python type of a value that is not plain data,
// as the local executor names it (module.Class).
func pythonType(v any) string {
	switch v := v.(type) {
	case *wire.Object:
		return objectType(v)
	case wire.Global:
		return "type"
	}
	return "object"
}

// objectType names the class of a pickled instance: the class object
// (NEWOBJ's first argument or a reconstructor's) by module and name, or a
// class cloudpickle sent by value (its skeleton's name and __module__).
func objectType(o *wire.Object) string {
	class := o.Callable
	if len(o.Args) > 0 && (o.New || isGlobal(o.Callable, "copyreg", "_reconstructor") || isGlobal(o.Callable, "copyreg", "__newobj__")) {
		class = o.Args[0]
	}
	switch c := class.(type) {
	case wire.Global:
		return c.String()
	case *wire.Object:
		if name, ok := skeletonName(c); ok {
			return name
		}
	}
	return "object"
}

// skeletonName reads the module and name of a class cloudpickle rebuilds
// with _make_skeleton_class(type, name, bases, {"__module__": ...}, ...).
func skeletonName(o *wire.Object) (string, bool) {
	g, ok := o.Callable.(wire.Global)
	if !ok || g.Name != "_make_skeleton_class" || len(o.Args) < 4 {
		return "", false
	}
	name, ok := o.Args[1].(string)
	if !ok {
		return "", false
	}
	if d, ok := o.Args[3].(*wire.Dict); ok {
		if m, ok := d.Get("__module__"); ok {
			if s, ok := m.(string); ok {
				return s + "." + name, true
			}
		}
	}
	return name, true
}

func isGlobal(v any, module, name string) bool {
	g, ok := v.(wire.Global)
	return ok && g.Module == module && g.Name == name
}
