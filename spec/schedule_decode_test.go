package spec

import (
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// decodeScheduleText parses src (the value of `schedule:`) and decodes it.
func decodeScheduleText(t *testing.T, src string) (*Schedule, Diagnostics) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatalf("yaml: %v", err)
	}
	return DecodeSchedule("flow.yaml", doc.Content[0])
}

func TestDecodeScheduleForms(t *testing.T) {
	tests := []struct {
		name, src string
		clocks    int
		overlap   string
		catchup   string
	}{
		{"inline interval", "every: 1m", 1, "", ""},
		{"inline cron with policies", "cron: '0 * * * *'\ntimezone: Europe/Berlin\noverlap: queue\ncatchup: last\ncatchup_window: 2h\njitter: 5s", 1, "queue", "last"},
		{"list", "- every: 30s\n- cron: '@daily'\n  params: {n: 5}", 2, "", ""},
		{"clocks", "clocks:\n  - every: 1h\n    start: 2026-01-01T00:00:00Z\n    end: 2026-02-01 00:00\noverlap: allow\ncatchup: all", 1, "allow", "all"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, diags := decodeScheduleText(t, tt.src)
			if len(diags) != 0 {
				t.Fatalf("unexpected diagnostics:\n%v", diags)
			}
			if len(s.Clocks) != tt.clocks || s.Overlap != tt.overlap || s.Catchup != tt.catchup {
				t.Errorf("got %d clocks, overlap %q, catchup %q", len(s.Clocks), s.Overlap, s.Catchup)
			}
		})
	}
}

func TestDecodeScheduleFields(t *testing.T) {
	s, diags := decodeScheduleText(t, `
clocks:
  - name: nightly
    cron: "30 2 * * *"
    timezone: America/New_York
    start: "2026-03-01 00:00"
    params:
      n: 10
catchup: last
catchup_window: 6h
jitter: 10s
`)
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	c := s.Clocks[0]
	ny, _ := time.LoadLocation("America/New_York")
	if want := time.Date(2026, 3, 1, 0, 0, 0, 0, ny); !c.Start.Equal(want) {
		t.Errorf("start %v, want %v (read in the clock's zone)", c.Start, want)
	}
	if c.Label() != "nightly" || c.Params[0].Name != "n" || c.Params[0].Value.Node.Value != "10" {
		t.Errorf("clock %+v", c)
	}
	if s.CatchupWindow.Duration != 6*time.Hour || s.Jitter.Duration != 10*time.Second {
		t.Errorf("window %v jitter %v", s.CatchupWindow, s.Jitter)
	}
	if got := c.Params[0].NameRange.String(); got != "flow.yaml:8:7" {
		t.Errorf("param range %s", got)
	}
}

func TestDecodeScheduleErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // the one-line rendering of the only diagnostic
	}{
		{"bad cron", "cron: '61 * * * *'",
			`flow.yaml:1:7: bad cron expression "61 * * * *": end of range (61) above maximum (59): 61 (cron has 5 fields`},
		{"six fields", "cron: '0 0 * * * *'",
			`flow.yaml:1:7: bad cron expression "0 0 * * * *": expected exactly 5 fields, found 6: [0 0 * * * *] (seconds are not a field here`},
		{"at every", "cron: '@every 5m'",
			`(write every: 5m instead of cron:)`},
		{"never fires", "cron: '0 0 30 2 *'",
			`flow.yaml:1:7: cron expression "0 0 30 2 *" never fires`},
		{"unknown zone", "cron: '@daily'\ntimezone: Europe/Berln",
			`flow.yaml:2:11: unknown time zone "Europe/Berln" (did you mean Europe/Berlin?)`},
		{"zone by city", "cron: '@daily'\ntimezone: new york",
			`(did you mean America/New_York?)`},
		{"end before start", "every: 1h\nstart: 2026-02-01T00:00:00Z\nend: 2026-01-01T00:00:00Z",
			`flow.yaml:3:6: end is not after start (end must come after start (2026-02-01T00:00:00Z))`},
		{"zero interval", "every: 0s", `flow.yaml:1:8: every: 0s is shorter than the minimum of 1s: each tick compiles the flow and starts a run, and a faster clock would start them back to back and starve the loop that notices a stop signal (write every: 1s or longer; for work that must repeat faster, loop inside one run)`},
		{"sub-second interval", "every: 1ns", `flow.yaml:1:8: every: 1ns is shorter than the minimum of 1s: each tick compiles the flow and starts a run, and a faster clock would start them back to back and starve the loop that notices a stop signal (write every: 1s or longer; for work that must repeat faster, loop inside one run)`},
		{"interval past the limit", "every: 1000000d", `flow.yaml:1:8: duration 1000000d is longer than the limit of 365d: no run, delay or interval needs longer, and a longer timeout is no limit at all (leave timeout unset for none) (write durations like 500ms, 30s, 5m, 1h30m, 2d or a number of seconds)`},
		{"negative interval", "every: -1m", `flow.yaml:1:8: invalid duration "-1m": durations cannot be negative`},
		{"unknown overlap", "every: 1m\noverlap: skp",
			`flow.yaml:2:10: unknown overlap policy "skp" (did you mean "skip"? overlap is one of skip, queue, allow)`},
		{"unknown catchup", "every: 1m\ncatchup: everything",
			`flow.yaml:2:10: unknown catchup policy "everything" (one of none, last, all)`},
		{"unknown key", "evry: 1m", `flow.yaml:1:1: unknown field "evry" in clock (did you mean "every"?)`},
		{"unknown key beside clocks", "clocks: [{every: 1m}]\novrlap: skip", `flow.yaml:2:1: unknown field "ovrlap" in schedule (did you mean "overlap"?)`},
		{"both kinds", "every: 1m\ncron: '@daily'", `flow.yaml:2:7: a clock has either every: or cron:, not both`},
		{"neither kind", "clocks:\n  - timezone: UTC", `flow.yaml:2:5: a clock needs every: or cron:`},
		{"policy in a listed clock", "- every: 1m\n  overlap: queue", `flow.yaml:2:3: overlap applies to the whole schedule, not to one clock`},
		{"bad start", "every: 1m\nstart: tomorrow", `flow.yaml:2:8: start: cannot read "tomorrow" as a time`},
		{"scalar schedule", "hourly", `flow.yaml:1:1: schedule must be a mapping or a list of clocks, not a string`},
		{"params not a mapping", "every: 1m\nparams: [1]", `flow.yaml:2:9: params must be a mapping`},
		{"jitter too long", "every: 30s\njitter: 1m", `flow.yaml:2:9: jitter 1m is not shorter than the interval of clock "every 30s" (make jitter shorter than every: 30s)`},
		{"tz prefix", "cron: 'CRON_TZ=UTC 0 * * * *'", `(move the zone to the clock's timezone: field)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := decodeScheduleText(t, tt.src)
			if len(diags) != 1 {
				t.Fatalf("want one diagnostic, got %d:\n%v", len(diags), diags)
			}
			if got := diags[0].Error(); !strings.Contains(got, tt.want) {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestCheckScheduleParams(t *testing.T) {
	s, diags := decodeScheduleText(t, "- every: 1m\n  params: {n: 1, sise: 2, other: 3}")
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	f := &Flow{Params: []Param{{Name: "n"}, {Name: "size"}}, Schedule: s}
	got := CheckScheduleParams(f).Error()
	want := `flow.yaml:2:18: clock param "sise" is not a param of the flow (did you mean "size"?)
flow.yaml:2:27: clock param "other" is not a param of the flow (declared params: n, size)`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// FuzzDecodeSchedule feeds arbitrary YAML to DecodeSchedule: it must never
// panic, and every error must carry a position.
func FuzzDecodeSchedule(f *testing.F) {
	for _, seed := range []string{
		"every: 1m", "cron: '0 * * * *'\ntimezone: Europe/Berlin", "- every: 30s\n- cron: '@daily'",
		"clocks: [{every: 1h, start: 2026-01-01T00:00:00Z}]\noverlap: queue\ncatchup: all\ncatchup_window: 2h",
		"cron: '61 * * * *'", "every: 0", "[1, 2]", "clocks: 3", "every: 1m\njitter: 2m", "timezone: Mars/Olympus",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		var doc yaml.Node
		if yaml.Unmarshal([]byte(src), &doc) != nil || len(doc.Content) == 0 {
			return
		}
		_, diags := DecodeSchedule("f.yaml", doc.Content[0])
		for _, d := range diags {
			if !d.Range.Start.IsValid() {
				t.Errorf("diagnostic without a position: %v", d)
			}
		}
	})
}
