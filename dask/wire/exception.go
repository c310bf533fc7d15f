package wire

import (
	"fmt"
	"strconv"
	"strings"
)

// RemoteError is a Python exception raised on the cluster, read from the
// pickle Dask sends (tblib's form: the class, its args, its traceback).
type RemoteError struct {
	Class     string // "ZeroDivisionError", or "module.Class" outside builtins
	Message   string // str(exception): args[0], or the args tuple
	Traceback string // Python-style "  File ..., line N, in f" lines, if sent
}

// Error renders e as Python's last traceback line does:
// "ZeroDivisionError: division by zero".
func (e *RemoteError) Error() string {
	if e.Message == "" {
		return e.Class
	}
	return e.Class + ": " + e.Message
}

// DecodeException reads an exception as it appears in task-erred and in
// error replies: a Serialized wrapping pickled bytes (the usual case), a
// Serialized pickle of the exception itself, or the raw pickle bytes. tb
// is the separate traceback value of the same message, or nil.
func DecodeException(exc, tb any) (*RemoteError, error) {
	obj, err := pickledValue(exc)
	if err != nil {
		return nil, fmt.Errorf("reading the exception: %w", err)
	}
	re := exceptionFrom(obj)
	if re == nil {
		return nil, fmt.Errorf("the exception is a %s, not an exception", describe(obj))
	}
	if tb != nil {
		if tobj, err := pickledValue(tb); err == nil {
			if text := tracebackText(tobj); text != "" {
				re.Traceback = text
			}
		}
	}
	return re, nil
}

// pickledValue unwraps a Serialized/Pickled/bytes value down to the
// decoded pickle inside.
func pickledValue(v any) (any, error) {
	switch x := v.(type) {
	case *Serialized:
		obj, err := x.Object()
		if err != nil {
			return nil, err
		}
		return pickledValue(obj)
	case *Pickled:
		return x.Object()
	case []byte:
		return Unpickle(x)
	}
	return v, nil
}

// exceptionFrom recognises tblib's unpickle_exception and
// unpickle_exception_with_attrs calls and a plain reconstruction call of
// the exception class.
func exceptionFrom(obj any) *RemoteError {
	o, ok := obj.(*Object)
	if !ok {
		return nil
	}
	g, _ := o.Class()
	switch {
	case g.Module == "tblib.pickling_support" && g.Name == "unpickle_exception" && len(o.Args) >= 2:
		return newRemoteError(o.Args[0], o.Args[1], argAt(o.Args, 3))
	case g.Module == "tblib.pickling_support" && g.Name == "unpickle_exception_with_attrs" && len(o.Args) >= 2:
		attrs, _ := o.Args[1].(*Dict)
		args, _ := attrs.Get("args")
		return newRemoteError(o.Args[0], args, argAt(o.Args, 3))
	case g.Name != "":
		return newRemoteError(g, o.Args, nil)
	}
	return nil
}

func argAt(t Tuple, i int) any {
	if i < len(t) {
		return t[i]
	}
	return nil
}

func newRemoteError(class, args, tb any) *RemoteError {
	name, ok := className(class)
	if !ok {
		return nil
	}
	t, _ := args.(Tuple)
	return &RemoteError{Class: name, Message: exceptionStr(name, t), Traceback: tracebackText(tb)}
}

// className names an exception class as Python's traceback does: bare for
// builtins and __main__, module.Name otherwise. A class cloudpickle sent by
// value (defined in __main__ or in evaluated code) is named by its
// _make_skeleton_class call.
func className(class any) (string, bool) {
	switch c := class.(type) {
	case Global:
		if c.Module == "builtins" || c.Module == "exceptions" || c.Module == "__main__" {
			return c.Name, true
		}
		return c.String(), true
	case *Object:
		g, _ := c.Class()
		if strings.HasPrefix(g.Module, "cloudpickle") && g.Name == "_make_skeleton_class" && len(c.Args) > 1 {
			name, ok := c.Args[1].(string)
			return name, ok
		}
	}
	return "", false
}

// exceptionStr is Python's BaseException.__str__: empty for no args, str of
// the only arg, repr of the tuple otherwise (KeyError shows its arg's repr).
func exceptionStr(class string, args Tuple) string {
	switch len(args) {
	case 0:
		return ""
	case 1:
		if class == "KeyError" {
			return pyRepr(args[0])
		}
		return pyStr(args[0])
	}
	return pyRepr(args)
}

// pyStr renders a decoded value as Python's str() would, for the plain cases.
func pyStr(v any) string {
	switch x := v.(type) {
	case string:
		return x
	}
	return pyRepr(v)
}

// pyRepr renders a decoded value as Python's repr() would, for the plain
// cases; other objects show as <module.Class object>.
func pyRepr(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return pyFloatRepr(x)
	case string:
		return PyRepr(x)
	case []byte:
		return "b" + PyRepr(string(x))
	case Tuple:
		return reprSeq("(", []any(x), ")", len(x) == 1)
	case *List:
		return reprSeq("[", x.Items, "]", false)
	}
	if s, ok := v.(fmt.Stringer); ok {
		return s.String()
	}
	return "<" + describe(v) + ">"
}

func reprSeq(open string, items []any, closing string, trailingComma bool) string {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = pyRepr(it)
	}
	s := strings.Join(parts, ", ")
	if trailingComma {
		s += ","
	}
	return open + s + closing
}

// tracebackText renders tblib's pickled traceback chain
// (unpickle_traceback(Frame, lineno, next)) as Python's traceback lines.
func tracebackText(tb any) string {
	var b strings.Builder
	for i := 0; tb != nil && i < 200; i++ {
		o, ok := tb.(*Object)
		if !ok || len(o.Args) < 3 {
			break
		}
		frame, _ := o.Args[0].(*Object)
		line, _ := o.Args[1].(int64)
		file, fn := frameCode(frame)
		fmt.Fprintf(&b, "  File \"%s\", line %d, in %s\n", file, line, fn)
		tb = o.Args[2]
		if next, ok := tb.(*Object); ok && isTracebackClass(next) {
			tb = tracebackFromState(next)
		}
	}
	return b.String()
}

func isTracebackClass(o *Object) bool {
	g, _ := o.Class()
	return g.Module == "tblib" && g.Name == "Traceback"
}

// tracebackFromState turns a pickled tblib.Traceback instance (NEWOBJ +
// BUILD) into the (frame, lineno, next) shape tracebackText walks.
func tracebackFromState(o *Object) any {
	st, ok := o.State.(*Dict)
	if !ok {
		return nil
	}
	f, _ := st.Get("tb_frame")
	l, _ := st.Get("tb_lineno")
	n, _ := st.Get("tb_next")
	return &Object{Callable: Global{"tblib.pickling_support", "unpickle_traceback"}, Args: Tuple{f, l, n}}
}

// frameCode reads co_filename and co_name from a pickled tblib.Frame.
func frameCode(frame *Object) (file, fn string) {
	file, fn = "?", "?"
	if frame == nil {
		return
	}
	st, _ := frame.State.(*Dict)
	code, _ := st.Get("f_code")
	co, ok := code.(*Object)
	if !ok {
		return
	}
	cst, _ := co.State.(*Dict)
	if v, ok := cst.Get("co_filename"); ok {
		file, _ = v.(string)
	}
	if v, ok := cst.Get("co_name"); ok {
		fn, _ = v.(string)
	}
	return
}
