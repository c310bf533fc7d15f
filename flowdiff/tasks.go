package flowdiff

import "github.com/flowspec/flowspec/spec"

// renamedTasks pairs each task that left old with a task that arrived in
// new under another name and is otherwise the same (operator, arguments,
// options: the whole entry, with references to other renamed tasks
// followed); it maps old names to new ones.
func renamedTasks(old, new *spec.Flow) map[string]string {
	gone := map[string]string{} // fingerprint → old name
	for _, t := range old.Tasks {
		if task(new, t.Name) == nil {
			gone[fingerprint(old, t.Name)] = t.Name
		}
	}
	renames := map[string]string{}
	for _, t := range new.Tasks {
		if task(old, t.Name) != nil {
			continue
		}
		fp := fingerprint(new, t.Name)
		if from, ok := gone[fp]; ok {
			renames[from] = t.Name
			delete(gone, fp)
		}
	}
	return renames
}

// fingerprint is a task's entry rendered without its name or positions.
func fingerprint(f *spec.Flow, name string) string {
	if n := f.Node("tasks", name); n != nil {
		return render(n)
	}
	return ""
}

// task is the task of f named name, or nil.
func task(f *spec.Flow, name string) *spec.Task {
	for _, t := range f.Tasks {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// taskChanges lists tasks added, removed and renamed, and for each task in
// both versions what changed in it.
func taskChanges(old, new Side, renames map[string]string) []Change {
	from := map[string]string{} // new name → old name
	for o, n := range renames {
		from[n] = o
	}
	var out []Change
	for _, t := range new.Flow.Tasks {
		was := t.Name
		if o, ok := from[t.Name]; ok {
			was = o
			out = append(out, Change{Kind: Renamed, Subject: "task " + o, New: t.Name, Range: t.Range})
		}
		ot := task(old.Flow, was)
		if ot == nil {
			out = append(out, Change{Kind: Added, Subject: "task " + t.Name, New: "op " + t.Op + size(new, t.Name), Range: t.Range})
			continue
		}
		out = append(out, specChanges(ot, t, renames)...)
		out = append(out, graphChanges(old, new, was, t, renames)...)
	}
	for _, t := range old.Flow.Tasks {
		if _, moved := renames[t.Name]; !moved && task(new.Flow, t.Name) == nil {
			out = append(out, Change{Kind: Removed, Subject: "task " + t.Name, Old: "op " + t.Op + size(old, t.Name), Range: t.Range})
		}
	}
	return out
}

// specChanges compares what the file says of a task: operator, arguments,
// how its map iterates, its condition and its ordering-only dependencies.
func specChanges(ot, t *spec.Task, renames map[string]string) []Change {
	c := changer{subject: "task " + t.Name, at: t.Range, renames: renames}
	c.field("operator", ot.Op, t.Op)
	c.args("argument ", ot.With, t.With)
	c.args("mapped argument ", ot.Map, t.Map)
	c.field("product", boolText(ot.Product), boolText(t.Product))
	c.field("flatten", boolText(ot.Flatten), boolText(t.Flatten))
	c.field("when", c.follow(text(ot.When)), text(t.When))
	c.field("after", renameWords(refsText(ot.After), renames), refsText(t.After))
	return c.out
}

// refsText lists the names of after:.
func refsText(refs []spec.Ref) string {
	s := ""
	for i, r := range refs {
		if i > 0 {
			s += ", "
		}
		s += r.Name
	}
	return s
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
