package spec

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Schedule is the `schedule:` block: one or more clocks and the policies that
// govern runs that overlap or were missed.
type Schedule struct {
	Clocks        []Clock
	Overlap       string    // skip (default), queue, allow
	Catchup       string    // none (default), last, all
	CatchupWindow *Duration // how far back missed ticks are considered
	Jitter        *Duration // random delay added to each tick
	Range         Range
}

// Clock is one source of fire times: an interval or a cron expression.
type Clock struct {
	Every    *Duration  // interval clock
	Start    *time.Time // first fire of an interval clock; nil means now
	End      *time.Time // no fires after this
	Cron     string     // 5-field cron or @hourly-style descriptor
	Timezone string     // IANA zone for cron; "" means local time
	Params   []Arg      // parameter values for runs fired by this clock
	Range    Range
	// Name labels the clock in logs and in `flowspec schedule`; "" means the
	// clock is shown by its definition ("every 1m", "cron 0 * * * *").
	Name string
}

// Label names the clock for people: its Name, or its definition.
func (c Clock) Label() string {
	switch {
	case c.Name != "":
		return c.Name
	case c.Every != nil:
		return "every " + ShortDuration(c.Every.Duration)
	case c.Timezone != "":
		return "cron " + c.Cron + " " + c.Timezone
	default:
		return "cron " + c.Cron
	}
}

// ShortDuration writes d without zero tails: 1m, 1h, 1h30m, 90ms (as a
// person writes a duration in a flow file).
func ShortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// Schedule policies. The empty string means the default (the first of each).
const (
	OverlapSkip  = "skip"
	OverlapQueue = "queue"
	OverlapAllow = "allow"
	CatchupNone  = "none"
	CatchupLast  = "last"
	CatchupAll   = "all"
)

// cronParser reads the classic 5-field form and @hourly-style descriptors,
// the dialect crontab users know; seconds are not a field (use every: 10s).
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseCron parses a cron expression as flowspec accepts it: 5 fields or a
// descriptor (@yearly, @monthly, @weekly, @daily, @hourly). The time zone is
// the clock's `timezone:` field, never a CRON_TZ= prefix, and `@every` is
// written as an interval clock, so each idea has one spelling. The result's
// Location is UTC; callers read its fields as wall-clock times.
func ParseCron(expr string) (*cron.SpecSchedule, error) {
	s := strings.TrimSpace(expr)
	switch {
	case strings.HasPrefix(s, "TZ=") || strings.HasPrefix(s, "CRON_TZ="):
		return nil, fmt.Errorf("a time zone prefix is not part of the cron expression here")
	case strings.HasPrefix(s, "@every"):
		return nil, fmt.Errorf("@every is written as an interval clock")
	}
	sched, err := cronParser.Parse(s)
	if err != nil {
		return nil, err
	}
	spec, ok := sched.(*cron.SpecSchedule)
	if !ok {
		return nil, fmt.Errorf("unsupported cron expression %q", s)
	}
	spec.Location = time.UTC
	return spec, nil
}

// LoadZone resolves a clock's time zone: "" and "Local" are the machine's
// zone, anything else an IANA name such as Europe/Berlin.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return time.Local, nil
	}
	return time.LoadLocation(name)
}

// timeLayouts are the forms `start:` and `end:` accept, most precise first.
// Forms without an offset are read in the clock's time zone.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseTime reads a start or end time: RFC 3339 ("2026-03-01T09:00:00Z"), or a
// date and time without offset ("2026-03-01 09:00"), read in loc.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	for i, layout := range timeLayouts {
		var t time.Time
		var err error
		if i == 0 {
			t, err = time.Parse(layout, s)
		} else {
			t, err = time.ParseInLocation(layout, s, loc)
		}
		if err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a time", s)
}
