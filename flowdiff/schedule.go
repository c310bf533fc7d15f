package flowdiff

import (
	"strings"
	"time"

	"github.com/flowspec/flowspec/runtime/schedule"
	"github.com/flowspec/flowspec/spec"
)

// fires is how many upcoming fire times are compared.
const fires = 3

// scheduleChanges compares the schedules: added or removed, the clocks,
// the policies and the next fire times from from, which say in the
// reviewer's terms what a changed clock does.
func scheduleChanges(old, new *spec.Flow, from time.Time) []Change {
	os, ns := old.Schedule, new.Schedule
	switch {
	case os == nil && ns == nil:
		return nil
	case os == nil:
		return []Change{{Kind: Added, Subject: "schedule", New: clocksText(ns), Range: ns.Range}}
	case ns == nil:
		return []Change{{Kind: Removed, Subject: "schedule", Old: clocksText(os), Range: os.Range}}
	}
	c := changer{subject: "schedule", at: ns.Range}
	c.field("clocks", clocksText(os), clocksText(ns))
	c.field("overlap", policy(os.Overlap, spec.OverlapSkip), policy(ns.Overlap, spec.OverlapSkip))
	c.field("catchup", policy(os.Catchup, spec.CatchupNone), policy(ns.Catchup, spec.CatchupNone))
	c.field("catchup_window", durationText(os.CatchupWindow), durationText(ns.CatchupWindow))
	c.field("jitter", durationText(os.Jitter), durationText(ns.Jitter))
	c.field("next fires", nextFires(os, from), nextFires(ns, from))
	return c.out
}

// clocksText lists a schedule's clocks by label.
func clocksText(s *spec.Schedule) string {
	labels := make([]string, len(s.Clocks))
	for i, c := range s.Clocks {
		labels[i] = c.Label()
	}
	return strings.Join(labels, "; ")
}

// policy is a policy's value, its default when unset.
func policy(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func durationText(d *spec.Duration) string {
	if d == nil {
		return "none"
	}
	return d.Duration.String()
}

// nextFires lists the schedule's next fire times after from.
func nextFires(s *spec.Schedule, from time.Time) string {
	plan, err := schedule.NewPlan(s, from)
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	var times []string
	for _, t := range plan.Upcoming(schedule.Cursor{Time: from, Clock: -1}, fires) {
		times = append(times, t.Scheduled.Format("2006-01-02 15:04 MST"))
	}
	if len(times) == 0 {
		return "none"
	}
	return strings.Join(times, ", ")
}
