package schedule

import (
	"testing"
	"time"

	"github.com/flowspec/flowspec/spec"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// fires lists the first n fire times of src strictly after from, as RFC 3339
// in loc.
func fires(src Source, from time.Time, n int, loc *time.Location) []string {
	var out []string
	for len(out) < n {
		next, ok := src.Next(from)
		if !ok {
			break
		}
		out = append(out, next.In(loc).Format(time.RFC3339))
		from = next
	}
	return out
}

func TestIntervalFires(t *testing.T) {
	utc := time.UTC
	start := mustTime(t, "2026-01-01T10:00:00Z")
	iv := Interval{Start: start, Every: 15 * time.Minute, End: mustTime(t, "2026-01-01T10:30:00Z")}
	tests := []struct {
		name string
		from string
		want []string
	}{
		{"before start fires at start", "2026-01-01T09:00:00Z", []string{"2026-01-01T10:00:00Z", "2026-01-01T10:15:00Z", "2026-01-01T10:30:00Z"}},
		{"at a fire time, the next one", "2026-01-01T10:00:00Z", []string{"2026-01-01T10:15:00Z", "2026-01-01T10:30:00Z"}},
		{"between fires keeps the phase", "2026-01-01T10:07:00Z", []string{"2026-01-01T10:15:00Z", "2026-01-01T10:30:00Z"}},
		{"end is inclusive", "2026-01-01T10:29:59Z", []string{"2026-01-01T10:30:00Z"}},
		{"after end nothing", "2026-01-01T10:30:00Z", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fires(iv, mustTime(t, tt.from), 10, utc)
			if !equalStrings(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

// TestIntervalIsElapsedTime pins that an interval clock counts real time:
// across the spring-forward change a 24h interval moves by an hour on the
// wall clock (use cron for fixed local times).
func TestIntervalIsElapsedTime(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	iv := Interval{Start: time.Date(2026, 3, 7, 12, 0, 0, 0, ny), Every: 24 * time.Hour}
	got := fires(iv, time.Date(2026, 3, 7, 12, 0, 0, 0, ny), 1, ny)
	if want := "2026-03-08T13:00:00-04:00"; got[0] != want {
		t.Errorf("got %s, want %s", got[0], want)
	}
}

func TestCronFires(t *testing.T) {
	tests := []struct {
		name, expr, zone, from string
		want                   []string
	}{
		{"hourly UTC", "0 * * * *", "UTC", "2026-05-01T10:20:00Z",
			[]string{"2026-05-01T11:00:00Z", "2026-05-01T12:00:00Z"}},
		{"weekdays at 9 in Berlin", "0 9 * * mon-fri", "Europe/Berlin", "2026-05-01T12:00:00+02:00", // a Friday
			[]string{"2026-05-04T09:00:00+02:00", "2026-05-05T09:00:00+02:00"}},
		{"descriptor", "@daily", "Europe/Berlin", "2026-05-01T12:00:00+02:00",
			[]string{"2026-05-02T00:00:00+02:00", "2026-05-03T00:00:00+02:00"}},
		{"exactly on a fire time gives the next", "*/15 * * * *", "UTC", "2026-05-01T10:15:00Z",
			[]string{"2026-05-01T10:30:00Z"}},

		// Spring forward, New York 2026-03-08: 02:00 EST -> 03:00 EDT.
		{"NY spring: pinned time in the gap fires at the gap's end", "30 2 * * *", "America/New_York", "2026-03-07T00:00:00-05:00",
			[]string{"2026-03-07T02:30:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"}},
		{"NY spring: hourly skips the missing hour", "0 * * * *", "America/New_York", "2026-03-08T00:30:00-05:00",
			[]string{"2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T04:00:00-04:00"}},
		{"NY spring: every 30 minutes stays evenly spaced", "*/30 * * * *", "America/New_York", "2026-03-08T01:00:00-05:00",
			[]string{"2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00"}},
		{"NY spring: several pinned gap times fire once", "0,30 2 * * *", "America/New_York", "2026-03-08T00:00:00-05:00",
			[]string{"2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00"}},

		// Fall back, New York 2026-11-01: 02:00 EDT -> 01:00 EST.
		{"NY fall: pinned repeated time fires once", "30 1 * * *", "America/New_York", "2026-10-31T12:00:00-04:00",
			[]string{"2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"}},
		{"NY fall: from inside the second pass, the pinned time is done", "15 1 * * *", "America/New_York", "2026-11-01T01:20:00-05:00",
			[]string{"2026-11-02T01:15:00-05:00"}},
		{"NY fall: hourly fires in both passes of the hour", "0 * * * *", "America/New_York", "2026-11-01T00:30:00-04:00",
			[]string{"2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T02:00:00-05:00"}},
		{"NY fall: every 20 minutes runs in real-time order", "*/20 * * * *", "America/New_York", "2026-11-01T01:30:00-04:00",
			[]string{"2026-11-01T01:40:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T01:20:00-05:00"}},

		// Berlin 2026: spring 03-29 02:00 CET -> 03:00 CEST; fall 10-25 03:00 CEST -> 02:00 CET.
		{"Berlin spring: pinned 02:30 fires at 03:00", "30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00+01:00",
			[]string{"2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00"}},
		{"Berlin fall: pinned 02:30 fires once", "30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00+02:00",
			[]string{"2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"}},
		{"Berlin fall: hourly fires in both passes", "0 * * * *", "Europe/Berlin", "2026-10-25T01:30:00+02:00",
			[]string{"2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00", "2026-10-25T03:00:00+01:00"}},
		{"Berlin: midnight is unaffected", "@daily", "Europe/Berlin", "2026-03-28T12:00:00+01:00",
			[]string{"2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sched, err := spec.ParseCron(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			loc := mustZone(t, tt.zone)
			c := Cron{Spec: sched, Location: loc}
			got := fires(c, mustTime(t, tt.from), len(tt.want), loc)
			if !equalStrings(got, tt.want) {
				t.Errorf("got  %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestCronStartEnd(t *testing.T) {
	sched, _ := spec.ParseCron("0 * * * *")
	c := Cron{Spec: sched, Location: time.UTC, Start: mustTime(t, "2026-01-01T05:00:00Z"), End: mustTime(t, "2026-01-01T07:00:00Z")}
	got := fires(c, mustTime(t, "2026-01-01T00:00:00Z"), 10, time.UTC)
	want := []string{"2026-01-01T05:00:00Z", "2026-01-01T06:00:00Z", "2026-01-01T07:00:00Z"}
	if !equalStrings(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// FuzzCronNext checks the invariants of cron fire times in zones with DST:
// each fire is after the time asked about, and following fires strictly
// increase (no tick fires twice, none goes back in time).
func FuzzCronNext(f *testing.F) {
	f.Add("30 2 * * *", "America/New_York", int64(1772900000))
	f.Add("0 * * * *", "Europe/Berlin", int64(1792890000))
	f.Add("*/20 1-3 * * *", "Australia/Lord_Howe", int64(1775300000))
	f.Add("@weekly", "America/Sao_Paulo", int64(1700000000))
	f.Fuzz(func(t *testing.T, expr, zone string, unix int64) {
		sched, err := spec.ParseCron(expr)
		if err != nil {
			return
		}
		loc, err := time.LoadLocation(zone)
		if err != nil || unix < 0 || unix > 4102444800 {
			return
		}
		c := Cron{Spec: sched, Location: loc}
		from := time.Unix(unix, 0)
		for i := 0; i < 20; i++ {
			next, ok := c.Next(from)
			if !ok {
				return
			}
			if !next.After(from) {
				t.Fatalf("%q in %s: Next(%v) = %v, not after", expr, zone, from, next)
			}
			from = next
		}
	})
}
