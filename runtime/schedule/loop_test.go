package schedule

import (
	"testing"
	"time"

	"github.com/flowspec/flowspec/spec"
	"go.yaml.in/yaml/v3"
)

var t0 = time.Date(2026, 6, 1, 12, 0, 30, 0, time.UTC)

// TestIntervalFirstRunIsNow pins that an interval clock without start runs at
// once and then every interval, not one interval late.
func TestIntervalFirstRunIsNow(t *testing.T) {
	h := newHarness(t, t0, every(time.Minute))
	h.serve()
	h.expectRun(t0)
	h.advance(1, time.Minute)
	h.expectRun(t0.Add(time.Minute))
	h.advance(1, time.Minute)
	h.expectRun(t0.Add(2 * time.Minute))
	h.quiet(1)
	if out := h.stop(); out.Runs != 3 || out.Failed != 0 || out.Cancelled {
		t.Errorf("outcome %+v", out)
	}
	h.expect(EventStop, time.Time{})
}

// TestCronAcrossDST drives the loop through the New York spring-forward
// night: a daily 02:30 job runs at 03:00 EDT that day, then at 02:30 again.
func TestCronAcrossDST(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	sched := &spec.Schedule{Clocks: []spec.Clock{{Cron: "30 2 * * *", Timezone: "America/New_York"}}}
	h := newHarness(t, time.Date(2026, 3, 7, 12, 0, 0, 0, ny), sched)
	h.serve()
	for _, want := range []time.Time{
		time.Date(2026, 3, 8, 3, 0, 0, 0, ny),
		time.Date(2026, 3, 9, 2, 30, 0, 0, ny),
		time.Date(2026, 3, 10, 2, 30, 0, 0, ny),
	} {
		h.clock.BlockUntil(1)
		next, _ := h.clock.Next()
		if !next.Equal(want) {
			t.Fatalf("loop waits until %v, want %v", next, want)
		}
		h.clock.Set(next)
		h.expectRun(want)
	}
	h.stop()
}

// TestOverlapSkip: a 90s run on a 1m schedule makes the next tick be skipped
// and logged; the one after runs.
func TestOverlapSkip(t *testing.T) {
	h := newHarness(t, t0, every(time.Minute))
	h.duration = 90 * time.Second
	h.loop.Grace = 0 // stop cancels the slow run at once
	h.serve()
	h.expect(EventStart, t0)
	h.advance(2, time.Minute)
	if e := h.expect(EventSkip, t0.Add(time.Minute)); e.Message != "run 20260601T120030Z is still going (overlap: skip)" {
		t.Errorf("skip message %q", e.Message)
	}
	h.advance(2, 30*time.Second)
	h.expect(EventEnd, t0)
	h.advance(1, 30*time.Second)
	h.expect(EventStart, t0.Add(2*time.Minute))
	if out := h.stop(); out.Skipped != 1 {
		t.Errorf("outcome %+v", out)
	}
}

// TestOverlapQueue: the tick that falls due during a slow run waits for it
// and starts as soon as it ends, keeping its scheduled time.
func TestOverlapQueue(t *testing.T) {
	sched := every(time.Minute)
	sched.Overlap = spec.OverlapQueue
	h := newHarness(t, t0, sched)
	h.duration = 90 * time.Second
	h.loop.Grace = 0 // stop cancels the slow run at once
	h.serve()
	h.expect(EventStart, t0)
	h.advance(2, time.Minute)
	h.expect(EventQueue, t0.Add(time.Minute))
	h.advance(2, 30*time.Second) // t0+90s: the first run ends
	h.expect(EventEnd, t0)
	h.expect(EventStart, t0.Add(time.Minute))
	if got := h.clock.Now(); !got.Equal(t0.Add(90 * time.Second)) {
		t.Errorf("queued run started at %v", got)
	}
	h.stop()
}

// TestOverlapAllow: runs overlap freely.
func TestOverlapAllow(t *testing.T) {
	sched := every(time.Minute)
	sched.Overlap = spec.OverlapAllow
	h := newHarness(t, t0, sched)
	h.duration = 90 * time.Second
	h.loop.Grace = 0 // stop cancels the slow run at once
	h.serve()
	h.expect(EventStart, t0)
	h.advance(2, time.Minute)
	h.expect(EventStart, t0.Add(time.Minute))
	h.advance(3, 30*time.Second)
	h.expect(EventEnd, t0)
	h.stop()
}

// TestFailingExecutorRecovers: two runs cannot reach the cluster; each is
// logged as failed with the reason, and the third tick runs normally.
func TestFailingExecutorRecovers(t *testing.T) {
	h := newHarness(t, t0, every(time.Minute))
	h.fail = func(n int, _ Tick) error {
		if n <= 2 {
			return errUnreachable
		}
		return nil
	}
	h.serve()
	for i := 0; i < 2; i++ {
		at := t0.Add(time.Duration(i) * time.Minute)
		h.expect(EventStart, at)
		if e := h.expect(EventEnd, at); e.State != "failed" || e.Error != errUnreachable.Error() {
			t.Fatalf("run %d ended %s: %q", i+1, e.State, e.Error)
		}
		h.advance(1, time.Minute)
	}
	h.expectRun(t0.Add(2 * time.Minute))
	if out := h.stop(); out.Runs != 3 || out.Failed != 2 {
		t.Errorf("outcome %+v", out)
	}
}

// TestRunPanicIsAFailedRun: a panicking run is logged as failed, not a crash.
func TestRunPanicIsAFailedRun(t *testing.T) {
	h := newHarness(t, t0, every(time.Minute))
	h.fail = func(n int, _ Tick) error {
		if n == 1 {
			panic("boom")
		}
		return nil
	}
	h.serve()
	h.expect(EventStart, t0)
	if e := h.expect(EventEnd, t0); e.State != "failed" || e.Error != "internal error in run: boom" {
		t.Fatalf("ended %s: %q", e.State, e.Error)
	}
	h.advance(1, time.Minute)
	h.expectRun(t0.Add(time.Minute))
	h.stop()
}

// TestJitterDelaysStartNotSchedule: a tick with 7s of jitter starts 7s late
// and keeps its nominal scheduled time.
func TestJitterDelaysStartNotSchedule(t *testing.T) {
	sched := &spec.Schedule{Clocks: []spec.Clock{{Cron: "* * * * *", Timezone: "UTC"}}, Jitter: &spec.Duration{Duration: 10 * time.Second}}
	h := newHarness(t, t0, sched)
	h.loop.Jitter = func(max time.Duration) time.Duration {
		if max != 10*time.Second {
			t.Errorf("jitter bound %v", max)
		}
		return 7 * time.Second
	}
	h.serve()
	h.clock.BlockUntil(1)
	next, _ := h.clock.Next()
	if want := time.Date(2026, 6, 1, 12, 1, 7, 0, time.UTC); !next.Equal(want) {
		t.Fatalf("loop waits until %v, want %v", next, want)
	}
	h.clock.Set(next)
	h.expectRun(time.Date(2026, 6, 1, 12, 1, 0, 0, time.UTC))
	h.stop()
}

// TestSeveralClocksCarryParams: two clocks fire at the same minute; both run,
// in clock order, each with its own params.
func TestSeveralClocksCarryParams(t *testing.T) {
	sched := &spec.Schedule{Overlap: spec.OverlapQueue, Clocks: []spec.Clock{
		{Cron: "*/2 * * * *", Timezone: "UTC", Params: params(t, "n: 10")},
		{Cron: "*/3 * * * *", Timezone: "UTC", Params: params(t, "n: 20")},
	}}
	h := newHarness(t, time.Date(2026, 6, 1, 12, 5, 0, 0, time.UTC), sched)
	h.serve()
	at := func(min int) time.Time { return time.Date(2026, 6, 1, 12, min, 0, 0, time.UTC) }
	var got []string
	started := func(e Event) {
		got = append(got, e.Scheduled.Format("15:04")+" n="+valueText(e.Params["n"]))
	}
	h.advance(1, time.Minute) // 12:06: both clocks
	started(h.expect(EventStart, at(6)))
	h.expect(EventQueue, at(6))
	h.expect(EventEnd, at(6))
	started(h.expect(EventStart, at(6)))
	h.expect(EventEnd, at(6))
	h.advance(1, 2*time.Minute) // 12:08: the first clock
	started(h.expect(EventStart, at(8)))
	h.expect(EventEnd, at(8))
	h.advance(1, time.Minute) // 12:09: the second clock
	started(h.expect(EventStart, at(9)))
	h.expect(EventEnd, at(9))
	h.stop()
	want := []string{"12:06 n=10", "12:06 n=20", "12:08 n=10", "12:09 n=20"}
	if !equalStrings(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

// params decodes a YAML mapping into clock params.
func params(t *testing.T, src string) []spec.Arg {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	m := doc.Content[0]
	var args []spec.Arg
	for i := 0; i+1 < len(m.Content); i += 2 {
		args = append(args, spec.Arg{Name: m.Content[i].Value, Value: spec.ValueOf("flow.yaml", m.Content[i+1])})
	}
	return args
}

// TestFreshStartAnchorsAtWholeSecond: started at 12:00:30.3, an interval
// clock runs at once, scheduled 12:00:30, and then on whole seconds.
func TestFreshStartAnchorsAtWholeSecond(t *testing.T) {
	h := newHarness(t, t0.Add(300*time.Millisecond), every(time.Minute))
	h.serve()
	h.expectRun(t0)
	h.advance(1, time.Minute-300*time.Millisecond)
	h.expectRun(t0.Add(time.Minute))
	h.stop()
}
