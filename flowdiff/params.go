package flowdiff

import "github.com/flowspec/flowspec/spec"

// paramChanges lists params added, removed, and whose default or type
// changed.
func paramChanges(old, new *spec.Flow) []Change {
	was := map[string]spec.Param{}
	for _, p := range old.Params {
		was[p.Name] = p
	}
	var out []Change
	for _, p := range new.Params {
		subject := "param " + p.Name
		o, ok := was[p.Name]
		delete(was, p.Name)
		if !ok {
			out = append(out, Change{Kind: Added, Subject: subject, New: defaultText(p), Range: p.Range})
			continue
		}
		if a, b := text(o.Default), text(p.Default); a != b {
			out = append(out, Change{Kind: Changed, Subject: subject, What: "default", Old: a, New: b, Range: p.Range})
		}
		if o.Type != p.Type {
			out = append(out, Change{Kind: Changed, Subject: subject, What: "type", Old: o.Type, New: p.Type, Range: p.Range})
		}
	}
	for _, p := range old.Params {
		if _, ok := was[p.Name]; ok {
			out = append(out, Change{Kind: Removed, Subject: "param " + p.Name, Old: defaultText(p), Range: p.Range})
		}
	}
	return out
}

// defaultText describes a param for an added or removed line.
func defaultText(p spec.Param) string {
	if p.Default.IsZero() {
		return "required"
	}
	return "default " + text(p.Default)
}

// outputChanges lists outputs added, removed, and whose value changed.
// References to renamed tasks are followed.
func outputChanges(old, new *spec.Flow, renames map[string]string) []Change {
	was := map[string]spec.Output{}
	for _, o := range old.Outputs {
		was[o.Name] = o
	}
	var out []Change
	for _, o := range new.Outputs {
		subject := "output " + o.Name
		prev, ok := was[o.Name]
		delete(was, o.Name)
		switch {
		case !ok:
			out = append(out, Change{Kind: Added, Subject: subject, New: text(o.Value), Range: o.Range})
		case renameRefs(text(prev.Value), renames) != text(o.Value):
			out = append(out, Change{Kind: Changed, Subject: subject, What: "value", Old: text(prev.Value), New: text(o.Value), Range: o.Range})
		}
	}
	for _, o := range old.Outputs {
		if _, ok := was[o.Name]; ok {
			out = append(out, Change{Kind: Removed, Subject: "output " + o.Name, Old: text(o.Value), Range: o.Range})
		}
	}
	return out
}
