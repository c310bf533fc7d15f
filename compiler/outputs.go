package compiler

// compileOutputs compiles outputs: into named arguments read at the end.
func (c *compilation) compileOutputs() {
	for _, o := range c.flow.Outputs {
		a, ok := c.value(o.Value.Node, o.Value, scope{owner: "outputs." + o.Name, index: -1})
		if ok {
			c.g.Outputs = append(c.g.Outputs, Output{Name: o.Name, Value: a, Range: o.Range})
		}
	}
}
