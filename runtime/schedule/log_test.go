package schedule

import (
	"bytes"
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/runtime"
)

// logEvents are a run's start and end as the loop logs them.
func logEvents() []Event {
	at := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	wall := Seconds(3200 * time.Millisecond)
	return []Event{
		{Time: at, Event: EventStart, Flow: "dask-example", RunID: "20260601T120000Z", Clock: "every 1m", Scheduled: &at, Params: map[string]any{"n": 10, "label": "a b"}},
		{Time: at.Add(3 * time.Second), Event: EventEnd, Flow: "dask-example", RunID: "20260601T120000Z", Clock: "every 1m", Scheduled: &at, State: "success", Wall: &wall, Outputs: Outputs{{"total", int64(9900)}, {"parts", []any{int64(1), int64(2)}}}},
		{Time: at.Add(time.Minute), Event: EventSkip, Flow: "dask-example", RunID: "20260601T120100Z", Clock: "every 1m", Scheduled: &at, Message: "run 20260601T120000Z is still going (overlap: skip)"},
		{Time: at.Add(time.Minute), Event: EventEnd, Flow: "dask-example", RunID: "x", State: "failed", Error: `cannot reach "tcp://127.0.0.1:8786"`},
	}
}

func TestTextLog(t *testing.T) {
	var b bytes.Buffer
	l := NewTextLogger(&b)
	for _, e := range logEvents() {
		l.Log(e)
	}
	want := `2026-06-01T12:00:00Z start   dask-example run=20260601T120000Z clock="every 1m" params: label="a b" n=10
2026-06-01T12:00:03Z end     dask-example run=20260601T120000Z clock="every 1m" state=success wall=3.2s outputs: total=9900 parts=[1,2]
2026-06-01T12:01:00Z skip    dask-example run=20260601T120100Z clock="every 1m" scheduled=2026-06-01T12:00:00Z: run 20260601T120000Z is still going (overlap: skip)
2026-06-01T12:01:00Z end     dask-example run=x state=failed error="cannot reach \"tcp://127.0.0.1:8786\""
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestJSONLog(t *testing.T) {
	var b bytes.Buffer
	l := NewJSONLogger(&b)
	for _, e := range logEvents()[:2] {
		l.Log(e)
	}
	want := `{"time":"2026-06-01T12:00:00Z","event":"start","flow":"dask-example","run_id":"20260601T120000Z","clock":"every 1m","scheduled":"2026-06-01T12:00:00Z","params":{"label":"a b","n":10}}
{"time":"2026-06-01T12:00:03Z","event":"end","flow":"dask-example","run_id":"20260601T120000Z","clock":"every 1m","scheduled":"2026-06-01T12:00:00Z","state":"success","outputs":{"total":9900,"parts":[1,2]},"wall_seconds":3.200}
`
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// TestJSONLogNonFinite: NaN and ±Inf in params and outputs are spelled as
// value.JSON spells them, and the event is written (it used to be dropped).
func TestJSONLogNonFinite(t *testing.T) {
	var b bytes.Buffer
	at := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	err := NewJSONLogger(&b).Log(Event{Time: at, Event: EventEnd, Flow: "odd", Params: map[string]any{"x": math.Inf(1)},
		Outputs: Outputs{{"none", math.NaN()}, {"both", []any{math.Inf(-1), 1.5}}}})
	want := `{"time":"2026-06-01T12:00:00Z","event":"end","flow":"odd","params":{"x":"+Inf"},"outputs":{"none":"NaN","both":["-Inf",1.5]}}
`
	if err != nil || b.String() != want {
		t.Errorf("got %v\n%s\nwant\n%s", err, b.String(), want)
	}
}

// brokenWriter fails every write, as a closed stdout does.
type brokenWriter struct{}

func (brokenWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

// TestLogErrorsReachTheOutcome: a log that cannot be written is reported by
// both loggers and kept in the loop's Outcome; the run still happens.
func TestLogErrorsReachTheOutcome(t *testing.T) {
	for name, l := range map[string]Logger{"json": NewJSONLogger(brokenWriter{}), "text": NewTextLogger(brokenWriter{})} {
		h := newHarness(t, t0, every(time.Hour))
		h.loop.Log = l
		out, err := h.loop.Once(context.Background())
		if err != nil || out.Runs != 1 || out.LogErr == nil || out.LogErr.Error() != "broken pipe" {
			t.Errorf("%s: Once = %+v, %v; want one run and LogErr broken pipe", name, out, err)
		}
	}
}

func TestRunState(t *testing.T) {
	failed := &runtime.Result{Errors: []*runtime.TaskError{{Key: compiler.Key{Name: "div", Index: 3}, Op: "div", Message: "ZeroDivisionError: division by zero", Pos: "flow.yaml:9:3"}}}
	failed.Counts[runtime.Failed] = 1
	tests := []struct {
		res       *runtime.Result
		err       error
		cancelled bool
		state     string
		why       string
	}{
		{&runtime.Result{}, nil, false, "success", ""},
		{failed, nil, false, "failed", "flow.yaml:9:3: task div[3] (div): ZeroDivisionError: division by zero"},
		{nil, errors.New("unreachable"), false, "failed", "unreachable"},
		{nil, errors.New("context canceled"), true, "cancelled", "context canceled"},
	}
	for _, tt := range tests {
		state, why := runState(tt.res, tt.err, tt.cancelled)
		if state != tt.state || why != tt.why {
			t.Errorf("runState = %s %q, want %s %q", state, why, tt.state, tt.why)
		}
	}
}
