package pyfunc

import (
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// callShape is how a function's parameters are filled from a task's
// arguments (which come in parameter order): positional-only ones by
// position, the others by keyword, and those whose default is not plain
// data are left out when the task passes null or nothing, so the function
// applies its own default. *args and **kwargs take nothing from a flow.
type callShape struct {
	params []operator.Param
	pos    int    // how many leading parameters are positional-only
	omit   []bool // per parameter: leave out when null
}

func newCallShape(f *Function) *callShape {
	c := &callShape{}
	for _, p := range f.Params {
		if p.Kind == "var" {
			continue
		}
		if p.Kind == "positional" {
			c.pos = len(c.params) + 1
		}
		c.params = append(c.params, operator.Param{
			Name: p.Name, Type: value.Any, Required: p.Required, Default: p.Default, Doc: defaultDoc(p),
		})
		c.omit = append(c.omit, p.OpaqueDefault != "")
	}
	return c
}

// defaultDoc documents a default flowspec cannot write.
func defaultDoc(p PyParam) string {
	if p.OpaqueDefault == "" {
		return ""
	}
	return "defaults to " + p.OpaqueDefault + " (in Python) when null or not given"
}

// split arranges args for the call: positional and keyword arguments.
func (c *callShape) split(args []any) ([]any, map[string]any) {
	pos := make([]any, 0, c.pos)
	kw := make(map[string]any, len(args)-c.pos)
	for i, a := range args {
		switch {
		case a == nil && c.omit[i] && i >= c.pos:
		case i < c.pos:
			pos = append(pos, a)
		default:
			kw[c.params[i].Name] = a
		}
	}
	return pos, kw
}
