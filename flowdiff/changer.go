package flowdiff

import (
	"regexp"

	"github.com/flowspec/flowspec/spec"
)

// changer collects the changes of one subject.
type changer struct {
	subject string
	at      spec.Range
	renames map[string]string
	out     []Change
}

// field records a change of one aspect when its text differs.
func (c *changer) field(what, old, new string) {
	if old != new {
		c.out = append(c.out, Change{Kind: Changed, Subject: c.subject, What: what, Old: old, New: new, Range: c.at})
	}
}

// follow rewrites the task names of an old value by the renames.
func (c *changer) follow(s string) string {
	if len(c.renames) == 0 {
		return s
	}
	return renameRefs(s, c.renames)
}

// args compares two argument lists by name, in the new list's order, then
// the removed ones.
func (c *changer) args(prefix string, old, new []spec.Arg) {
	change := func(what, o, n string, at spec.Range) {
		c.out = append(c.out, Change{Kind: Changed, Subject: c.subject, What: prefix + what, Old: o, New: n, Range: at})
	}
	pairByName(old, new, func(a spec.Arg) string { return a.Name },
		func(o, a spec.Arg) {
			if was, now := c.follow(text(o.Value)), text(a.Value); was != now {
				change(a.Name, was, now, a.Value.Range)
			}
		},
		func(a spec.Arg) { change(a.Name, "", text(a.Value), a.NameRange) },
		func(a spec.Arg) { change(a.Name, text(a.Value), "", c.at) })
}

// word matches a bare name, as in after: lists.
var word = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)

// renameWords rewrites bare task names (after: a, b) by the renames.
func renameWords(s string, renames map[string]string) string {
	return word.ReplaceAllStringFunc(s, func(m string) string {
		if to, ok := renames[m]; ok {
			return to
		}
		return m
	})
}
