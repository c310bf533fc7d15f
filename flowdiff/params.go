package flowdiff

import "github.com/flowspec/flowspec/spec"

// paramChanges lists params added, removed, and whose default or type
// changed.
func paramChanges(old, new *spec.Flow) []Change {
	var out []Change
	pairByName(old.Params, new.Params, func(p spec.Param) string { return p.Name },
		func(o, p spec.Param) {
			subject := "param " + p.Name
			if a, b := text(o.Default), text(p.Default); a != b {
				out = append(out, Change{Kind: Changed, Subject: subject, What: "default", Old: a, New: b, Range: p.Range})
			}
			if o.Type != p.Type {
				out = append(out, Change{Kind: Changed, Subject: subject, What: "type", Old: o.Type, New: p.Type, Range: p.Range})
			}
		},
		func(p spec.Param) {
			out = append(out, Change{Kind: Added, Subject: "param " + p.Name, New: defaultText(p), Range: p.Range})
		},
		func(p spec.Param) {
			out = append(out, Change{Kind: Removed, Subject: "param " + p.Name, Old: defaultText(p), Range: p.Range})
		})
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
	var out []Change
	pairByName(old.Outputs, new.Outputs, func(o spec.Output) string { return o.Name },
		func(prev, o spec.Output) {
			if renameRefs(text(prev.Value), renames) != text(o.Value) {
				out = append(out, Change{Kind: Changed, Subject: "output " + o.Name, What: "value", Old: text(prev.Value), New: text(o.Value), Range: o.Range})
			}
		},
		func(o spec.Output) {
			out = append(out, Change{Kind: Added, Subject: "output " + o.Name, New: text(o.Value), Range: o.Range})
		},
		func(o spec.Output) {
			out = append(out, Change{Kind: Removed, Subject: "output " + o.Name, Old: text(o.Value), Range: o.Range})
		})
	return out
}
