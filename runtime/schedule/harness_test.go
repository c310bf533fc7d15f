package schedule

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/flowspec/flowspec/runtime"
	"github.com/flowspec/flowspec/spec"
)

// wait is how long a test waits for the loop goroutine to react. It is a
// guard against a hung test, not a timing assertion: the loop runs on a Fake
// clock, so nothing in it depends on real time passing.
const wait = 5 * time.Second

// harness runs a Loop on a Fake clock with a fake flow run whose duration and
// failures the test chooses, and records the loop's events.
type harness struct {
	t      *testing.T
	clock  *Fake
	events chan Event
	loop   *Loop
	cancel context.CancelFunc
	result chan Outcome

	mu       sync.Mutex
	duration time.Duration             // how long each run takes on the fake clock
	fail     func(n int, t Tick) error // nil: every run succeeds
	runs     int                       // runs started so far
}

func newHarness(t *testing.T, now time.Time, sched *spec.Schedule) *harness {
	h := &harness{t: t, clock: NewFake(now), events: make(chan Event, 1000)}
	h.loop = &Loop{
		Flow:     "demo",
		Schedule: sched,
		Run:      h.run,
		Clock:    h.clock,
		State:    &StateFile{Path: filepath.Join(t.TempDir(), "demo.json")},
		Log:      LoggerFunc(func(e Event) error { h.events <- e; return nil }),
		Grace:    30 * time.Second,
	}
	return h
}

// run is the fake flow run: it takes h.duration of fake time (or until
// cancelled) and then succeeds with total=9900 or fails as h.fail says.
func (h *harness) run(ctx context.Context, t Tick) (*runtime.Result, error) {
	h.mu.Lock()
	h.runs++
	n, d, fail := h.runs, h.duration, h.fail
	h.mu.Unlock()
	if d > 0 {
		timer := h.clock.NewTimer(d)
		select {
		case <-timer.C():
		case <-ctx.Done():
			timer.Stop()
			return nil, ctx.Err()
		}
	}
	if fail != nil {
		if err := fail(n, t); err != nil {
			return nil, err
		}
	}
	res := &runtime.Result{Executor: "fake", Outputs: []runtime.NamedValue{{Name: "total", Value: int64(9900), OK: true}}}
	res.Counts[runtime.Success] = 1
	return res, nil
}

// serve starts the loop in the background.
func (h *harness) serve() {
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	h.result = make(chan Outcome, 1)
	go func() {
		out, err := h.loop.Serve(ctx)
		if err != nil {
			h.t.Errorf("Serve: %v", err)
		}
		h.result <- out
	}()
}

// stop cancels the loop (as SIGTERM does) and returns its outcome once it
// has returned.
func (h *harness) stop() Outcome {
	h.cancel()
	select {
	case out := <-h.result:
		return out
	case <-time.After(wait):
		h.t.Fatal("the loop did not return after being stopped")
		return Outcome{}
	}
}

// next returns the next event.
func (h *harness) next() Event {
	h.t.Helper()
	select {
	case e := <-h.events:
		return e
	case <-time.After(wait):
		h.t.Fatal("no event from the loop")
		return Event{}
	}
}

// expect reads the next event and checks its kind and (unless zero) its
// scheduled time.
func (h *harness) expect(kind string, scheduled time.Time) Event {
	h.t.Helper()
	e := h.next()
	if e.Event != kind {
		h.t.Fatalf("got event %s (%s %s), want %s", e.Event, e.RunID, e.Message, kind)
	}
	if !scheduled.IsZero() && (e.Scheduled == nil || !e.Scheduled.Equal(scheduled)) {
		h.t.Fatalf("%s event scheduled %v, want %v", kind, e.Scheduled, scheduled)
	}
	return e
}

// expectRun reads the start and end of one successful run of the tick
// scheduled at at.
func (h *harness) expectRun(at time.Time) {
	h.t.Helper()
	h.expect(EventStart, at)
	if e := h.expect(EventEnd, at); e.State != "success" {
		h.t.Fatalf("run %s ended %s: %s", e.RunID, e.State, e.Error)
	}
}

// advance waits until timers pending == n (the loop and its runs are all
// waiting), then moves the clock by d.
func (h *harness) advance(n int, d time.Duration) {
	h.clock.BlockUntil(n)
	h.clock.Advance(d)
}

// quiet checks that no event is pending once the loop is back to waiting on
// n timers.
func (h *harness) quiet(n int) {
	h.t.Helper()
	h.clock.BlockUntil(n)
	select {
	case e := <-h.events:
		h.t.Fatalf("unexpected event %s %s %s", e.Event, e.RunID, e.Message)
	default:
	}
}

// every returns a one-clock interval schedule.
func every(d time.Duration) *spec.Schedule {
	return &spec.Schedule{Clocks: []spec.Clock{{Every: &spec.Duration{Duration: d}}}}
}

var errUnreachable = errors.New("cannot reach the Dask scheduler at tcp://127.0.0.1:8786: connection refused")
