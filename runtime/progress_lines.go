package runtime

import (
	"fmt"
	"strings"
	"time"
)

// groupLine is the line written when a group's last task finishes:
// "add: 100/100 done in 1.2s", or with the states when not all succeeded:
// "add: 100/100 finished in 1.2s: 97 succeeded, 2 failed, 1 skipped".
// A group none of whose tasks was seen running says no duration ("after:
// 1/1 finished: 1 skipped"), since it has none it could tell.
func groupLine(s *groupStat) string {
	took := ""
	if s.ran {
		took = " in " + formatDuration(s.last.Sub(s.first))
	}
	if s.counts[Success] == s.total {
		return fmt.Sprintf("%s: %d/%d done%s", s.name, s.finished, s.total, took)
	}
	return fmt.Sprintf("%s: %d/%d finished%s: %s", s.name, s.finished, s.total, took, stateCounts(s.counts))
}

// stateCounts lists the non-zero final counts: "97 succeeded, 2 failed".
func stateCounts(c [Cancelled + 1]int) string {
	words := [...]struct {
		s    State
		word string
	}{{Success, "succeeded"}, {Failed, "failed"}, {Skipped, "skipped"}, {Cancelled, "cancelled"}}
	var parts []string
	for _, w := range words {
		if c[w.s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c[w.s], w.word))
		}
	}
	if len(parts) == 0 {
		return "no tasks"
	}
	return strings.Join(parts, ", ")
}

// retryLine reports a failed attempt that will be retried; ev.Err is set.
func retryLine(ev Event) string {
	e := ev.Err
	return fmt.Sprintf("%s: task %s (%s): attempt %d failed, retrying: %s", e.Pos, e.Key, e.Op, ev.Attempt, e.Message)
}

// formatDuration renders d briefly for people: 850ms, 1.2s, 3m05s, 2h10m.
func formatDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		if d <= 0 {
			return "0s"
		}
		return "<1ms"
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}
