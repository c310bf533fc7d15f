package lint

import (
	"fmt"
	"time"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/runtime/schedule"
	"github.com/flowspec/flowspec/spec"
)

// scheduleOverlap: a schedule that leaves the overlap policy to its
// default while a run may outlast the time between two fires. The run's
// length is bounded from the flow alone (each task's timeout times its
// attempts, plus retry delays, along the longest chain; a task without a
// timeout leaves it unbounded), and a recorded run that took longer than
// the interval (Facts, from the run store) proves it.
var scheduleOverlap = Rule{
	ID:    "schedule-overlap",
	Doc:   "a schedule without an overlap policy whose runs can outlast its interval",
	check: checkOverlap,
}

// gaps is how many upcoming fires are looked at for the shortest interval.
const gaps = 50

func checkOverlap(in *input) []finding {
	s := in.flow.Schedule
	if s == nil || s.Overlap != "" {
		return nil
	}
	interval, ok := shortestGap(s, time.Now())
	if !ok {
		return nil
	}
	bound, why := runBound(in.graph)
	last := in.facts.LongestRun
	outlasted := last.Took > interval
	if why == "" && bound <= interval && !outlasted {
		return nil
	}
	switch {
	case outlasted:
		why = fmt.Sprintf("recorded run %s took %s", last.ID, spec.ShortDuration(last.Took.Round(time.Second)))
	case why == "":
		why = fmt.Sprintf("its tasks' timeouts and retries allow %s", spec.ShortDuration(bound))
	}
	return []finding{{at: s.Range,
		message: fmt.Sprintf("the schedule fires every %s at the shortest and a run can last longer (%s); overlap is left to its default, skip", spec.ShortDuration(interval), why),
		hint:    "say what a fire during a run does with overlap: skip, queue or allow"}}
}

// shortestGap is the least time between two of the schedule's next fires.
func shortestGap(s *spec.Schedule, from time.Time) (time.Duration, bool) {
	plan, err := schedule.NewPlan(s, from)
	if err != nil {
		return 0, false
	}
	ticks := plan.Upcoming(schedule.Cursor{Time: from, Clock: -1}, gaps)
	var least time.Duration
	for i := 1; i < len(ticks); i++ {
		if d := ticks[i].Scheduled.Sub(ticks[i-1].Scheduled); i == 1 || d < least {
			least = d
		}
	}
	return least, len(ticks) > 1
}

// runBound is the longest a run can take by the tasks' timeouts, or why
// it has no bound.
func runBound(g *compiler.Graph) (time.Duration, string) {
	if g == nil {
		return 0, "its params need values to compile it"
	}
	edges := g.GroupEdges()
	own := make([]time.Duration, len(g.Groups))
	for i, grp := range g.Groups {
		d, ok := worst(grp)
		if !ok {
			return 0, fmt.Sprintf("task %s has no timeout", grp.Name)
		}
		own[i] = d
	}
	finish := make([]time.Duration, len(g.Groups))
	done := make([]bool, len(g.Groups))
	var end func(i int32) time.Duration // the graph is acyclic
	end = func(i int32) time.Duration {
		if !done[i] {
			var start time.Duration
			for _, up := range edges[i] {
				start = max(start, end(up))
			}
			finish[i], done[i] = start+own[i], true
		}
		return finish[i]
	}
	var longest time.Duration
	for i := range g.Groups {
		longest = max(longest, end(int32(i)))
	}
	return longest, ""
}

// worst is the longest one task group can take: every attempt timing out,
// with the retry delays between; generated expression groups take no time
// worth counting. ok is false when the task has no timeout.
func worst(grp *compiler.Group) (time.Duration, bool) {
	if grp.Hidden {
		return 0, true
	}
	o := grp.Options
	if o.Timeout == 0 {
		return 0, false
	}
	total, delay := time.Duration(0), o.RetryDelay
	for attempt := 0; attempt <= o.Retries; attempt++ {
		total += o.Timeout
		if attempt < o.Retries {
			total += delay
			delay = time.Duration(float64(delay) * o.Backoff)
		}
	}
	return total, true
}
