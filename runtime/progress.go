package runtime

import (
	"io"
	"sync"
	"time"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/internal/tty"
)

// ProgressMode selects how a run's progress is shown to people.
type ProgressMode int

// Progress modes. Auto is the default: Live on a terminal, Plain elsewhere.
const (
	ProgressAuto  ProgressMode = iota
	ProgressLive               // plain lines plus a redrawn status block of the running groups
	ProgressPlain              // one line per finished group and per failure: for logs and CI
	ProgressOff                // nothing; the executor then skips event work entirely
)

// ProgressOptions configure NewProgress. The zero value is what the CLI
// wants by default: Auto mode, colour unless NO_COLOR is non-empty, the real
// clock.
type ProgressOptions struct {
	Mode    ProgressMode
	NoColor bool             // also implied by a non-empty NO_COLOR (tty.NoColor)
	Now     func() time.Time // the clock for elapsed times; tests fix it
	Width   int              // terminal columns for Live; 0 asks the terminal
}

// Progress turns task events into output for people. Its Sink counts events
// per group (never a line per task: a map can have a million elements) and
// writes one line when a group finishes and one per failure; in Live mode it
// also redraws, at most ten times a second, a few lines for the groups still
// running, and erases them on Close.
type Progress struct {
	mu      sync.Mutex
	w       io.Writer
	g       *compiler.Graph
	mode    ProgressMode
	color   bool
	now     func() time.Time
	start   time.Time
	width   int
	display []int32 // display group of each graph group (hidden ones fold into a parent)
	stats   []groupStat
	running bitset // tasks whose last event was Running
	done    int    // tasks in a final state
	failed  int
	notes   int // failure and retry lines written
	live    *liveView
	closed  bool

	closeOnce sync.Once
}

// groupStat is one display group's progress.
type groupStat struct {
	name        string
	total       int
	counts      [Cancelled + 1]int // final states; Running counts tasks running now
	finished    int
	first, last time.Time
	// ran is whether any task of the group was seen running: a group whose
	// tasks were all skipped or cancelled, or finished on Dask between two
	// polls without reporting their start, has no known duration, and
	// "done in 0s" would be wrong.
	ran bool
}

// NewProgress returns a reporter writing to w about runs of g. In Auto mode
// it is Live when w is a terminal (and TERM is not "dumb"), Plain otherwise.
func NewProgress(w io.Writer, g *compiler.Graph, opt ProgressOptions) *Progress {
	return newProgress(w, g, opt, liveInterval)
}

// newProgress is NewProgress with the live redraw interval; tests pass 0 to
// redraw only when they say so.
func newProgress(w io.Writer, g *compiler.Graph, opt ProgressOptions, every time.Duration) *Progress {
	p := &Progress{w: w, g: g, mode: opt.Mode, now: opt.Now}
	if p.now == nil {
		p.now = time.Now
	}
	if p.mode == ProgressAuto {
		p.mode = ProgressPlain
		if tty.CanRedraw(w) {
			p.mode = ProgressLive
		}
	}
	if p.mode == ProgressOff {
		return p
	}
	p.start = p.now()
	p.color = p.mode == ProgressLive && !opt.NoColor && !tty.NoColor()
	p.width = opt.Width
	p.groupTasks()
	p.running = newBitset(len(g.Tasks))
	if p.mode == ProgressLive {
		p.live = startLive(p, every)
	}
	return p
}

// Mode reports the mode Auto resolved to.
func (p *Progress) Mode() ProgressMode { return p.mode }

// Sink returns the function to pass to Executor.Run, or nil in Off mode so
// the executor does no event work at all.
func (p *Progress) Sink() Sink {
	if p.mode == ProgressOff {
		return nil
	}
	return p.event
}

// Close stops redrawing and erases the live status, leaving only the lines
// that stay (finished groups, failures). Call it after Run returns and
// before writing the summary.
// Closing twice is harmless.
func (p *Progress) Close() {
	if p.mode == ProgressOff {
		return
	}
	p.closeOnce.Do(func() {
		if p.live != nil {
			p.live.stop()
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		p.closed = true
		if p.live != nil {
			p.live.erase()
		}
	})
}

// groupTasks maps each graph group to the group it is shown as and counts
// the tasks of each. A hidden group (a runtime expression the compiler
// generated) is shown as the first visible group that reads it. Dependents
// come after their dependencies in the graph, so one backward pass settles
// chains of hidden groups.
func (p *Progress) groupTasks() {
	n := len(p.g.Groups)
	p.display = make([]int32, n)
	known := make([]bool, n)
	for i, grp := range p.g.Groups {
		p.display[i] = int32(i)
		known[i] = !grp.Hidden
	}
	for t := len(p.g.Tasks) - 1; t >= 0; t-- {
		to := p.g.Tasks[t].Group
		for _, d := range p.g.Tasks[t].Deps {
			if from := p.g.Tasks[d].Group; !known[from] && known[to] {
				p.display[from], known[from] = p.display[to], true
			}
		}
	}
	p.stats = make([]groupStat, n)
	for i, grp := range p.g.Groups {
		p.stats[i].name = grp.Name
	}
	for t := range p.g.Tasks {
		p.stats[p.display[p.g.Tasks[t].Group]].total += p.weight(int32(t))
	}
}

// weight is how many of its display group's elements task t counts for:
// its elements (a batch counts each), or none when its hidden group is
// shown as the group that reads it, as the partial sums the tree pass puts
// before a reduction are, so "total: 1/1 done" reads the same optimized or
// not. Such a task still shows as running and reports its failure.
func (p *Progress) weight(t int32) int {
	if gi := p.g.Tasks[t].Group; p.display[gi] != int32(gi) {
		return 0
	}
	return elements(&p.g.Tasks[t])
}

// event is the Sink: it updates the counts and writes what must be said now.
func (p *Progress) event(ev Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	gi := p.display[p.g.Tasks[ev.Task].Group]
	s := &p.stats[gi]
	at := ev.Time
	if at.IsZero() { // an executor that does not stamp its events
		at = p.now()
	}
	if s.first.IsZero() {
		s.first = at
	}
	s.last = at
	wasRunning := p.running.has(ev.Task)
	if wasRunning {
		p.running.clear(ev.Task)
		s.counts[Running]--
	}
	switch {
	case ev.State == Running:
		p.running.set(ev.Task)
		s.counts[Running]++
		s.ran = true
	case ev.State == Retrying && ev.Err != nil:
		p.note(retryLine(ev))
	case ev.State.Final():
		p.finish(gi, s, ev)
	}
}

// finish counts a task's final event and reports its failure and, when it
// was the group's last task, the group.
func (p *Progress) finish(gi int32, s *groupStat, ev Event) {
	n := p.weight(ev.Task)
	s.counts[ev.State] += n
	s.finished += n
	p.done++
	if ev.State == Failed {
		p.failed++
		if ev.Err != nil {
			p.note(ev.Err.Error())
		}
	}
	if s.finished == s.total {
		p.say(groupLine(s))
	}
}

// maxNotes caps failure and retry lines; the summary counts the rest.
const maxNotes = 20

// note writes a failure or retry line, up to maxNotes of them.
func (p *Progress) note(line string) {
	p.notes++
	switch {
	case p.notes < maxNotes:
		p.say(line)
	case p.notes == maxNotes:
		p.say("(further failures and retries are not shown; the summary counts them)")
	}
}

// say writes a line that stays, above the live status if there is one.
func (p *Progress) say(line string) {
	if p.closed {
		return
	}
	if p.live != nil {
		p.live.printAbove(line)
		return
	}
	io.WriteString(p.w, line+"\n")
}
