package spec

import "fmt"

// Structure mistakes read as something else by YAML get a hint about
// indentation rather than about the field they seem to be:
//
//   - a task field dedented to the level of task names (`with:` under
//     tasks:) is read as a task named "with";
//   - an operator argument written in the task without its `with:` line is
//     read as an unknown field of the task.

// dedentedField returns, when the object at ptr is a task whose name is a
// field of a task (f lists them), the hint that it was dedented: the name
// of the task written above it, which it presumably belongs to.
func (x *schemaExplainer) dedentedField(ptr string, f *Field) (string, bool) {
	toks := splitPointer(ptr)
	if len(toks) != 2 || toks[0] != "tasks" {
		return "", false
	}
	if c, _ := f.child(toks[1]); c == nil {
		return "", false
	}
	above := ""
	for _, p := range pairs(x.node("/tasks")) {
		name := keyString(p.Key)
		if name == toks[1] {
			break
		}
		above = name
	}
	where := "the task above it"
	if above != "" {
		where = fmt.Sprintf("task %q", above)
	}
	return fmt.Sprintf("%s: is indented like a task name, so it is read as a task named %q: indent it under %s, as far as its op:", toks[1], toks[1], where), true
}

// argumentHint is the hint for an unknown field of the task at ptr that is
// close to no field name: operator arguments go under with:, so it was
// probably written without its with: line, or dedented out of it.
func (x *schemaExplainer) argumentHint(ptr, name string) string {
	toks := splitPointer(ptr)
	if len(toks) != 2 || toks[0] != "tasks" {
		return ""
	}
	if field(x.node(ptr), "with") != nil {
		return fmt.Sprintf("if %s is an argument of the operator, indent it under with: (two spaces further than with:)", name)
	}
	return fmt.Sprintf("if %s is an argument of the operator, put it under a with: line, indented below it (with: at the level of op:)", name)
}
