package runtime

import "github.com/flowspec/flowspec/compiler"

// Tally keeps the last state of every task of a run from its events, so a
// run's JSON result can say how each task group's elements ended (what
// `flowspec compile --states` colours a picture by).
type Tally struct {
	g    *compiler.Graph
	last []State
}

// NewTally starts a tally for a run of g.
func NewTally(g *compiler.Graph) *Tally {
	return &Tally{g: g, last: make([]State, len(g.Tasks))}
}

// Sink records each event and passes it on to next (which may be nil).
func (t *Tally) Sink(next Sink) Sink {
	return func(e Event) {
		if int(e.Task) < len(t.last) {
			t.last[e.Task] = e.State
		}
		if next != nil {
			next(e)
		}
	}
}

// Groups returns, per task group that reached an end state, how many of
// its elements ended in each (success, failed, skipped, cancelled).
func (t *Tally) Groups() map[string]map[string]int {
	out := map[string]map[string]int{}
	for i, s := range t.last {
		grp := t.g.Groups[t.g.Tasks[i].Group]
		if s < Success {
			continue
		}
		if out[grp.Name] == nil {
			out[grp.Name] = map[string]int{}
		}
		out[grp.Name][s.String()]++
	}
	return out
}
