package schedule

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/flowspec/flowspec/value"
)

// Event kinds the loop logs.
const (
	EventStart   = "start"   // a run started
	EventEnd     = "end"     // a run finished: State, Outputs, Error
	EventSkip    = "skip"    // a tick was not run (overlap or catch-up policy)
	EventQueue   = "queue"   // a tick waits for the running one (overlap: queue)
	EventCatchup = "catchup" // missed ticks were found after downtime
	EventWarn    = "warn"    // something the operator should know (corrupt state file...)
	// EventInterrupted reports, after a restart, a run the last process
	// started and never finished (it was killed), and what becomes of it.
	EventInterrupted = "interrupted"
	EventStop        = "stop" // the loop is stopping or has stopped
)

// Event is one line of the loop's log.
type Event struct {
	Time      time.Time  `json:"time"`
	Event     string     `json:"event"`
	Flow      string     `json:"flow"`
	RunID     string     `json:"run_id,omitempty"`
	Clock     string     `json:"clock,omitempty"`
	Scheduled *time.Time `json:"scheduled,omitempty"`
	Catchup   bool       `json:"catchup,omitempty"`
	Params    Params     `json:"params,omitempty"`
	State     string     `json:"state,omitempty"` // success, failed, cancelled
	Outputs   Outputs    `json:"outputs,omitempty"`
	Wall      *Seconds   `json:"wall_seconds,omitempty"`
	Error     string     `json:"error,omitempty"`
	Message   string     `json:"message,omitempty"`
}

// Params are a tick's parameter values by name; in JSON, non-finite floats
// are spelled as value.JSON spells them.
type Params map[string]any

// MarshalJSON writes the params as value.JSON does: it cannot fail.
func (p Params) MarshalJSON() ([]byte, error) {
	return value.JSON(map[string]any(p)), nil
}

// Outputs are a run's outputs in the flow's order; in JSON, an object whose
// keys keep that order, values written as value.JSON writes them.
type Outputs []Output

// Output is one named output value.
type Output struct {
	Name  string
	Value any
}

// MarshalJSON writes the outputs as one object in order: it cannot fail.
func (o Outputs) MarshalJSON() ([]byte, error) {
	return value.JSONObject(len(o), func(i int) (string, any) { return o[i].Name, o[i].Value }), nil
}

// Seconds is a duration written as a number of seconds in JSON.
type Seconds time.Duration

// MarshalJSON writes s as seconds with millisecond precision.
func (s Seconds) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf("%.3f", time.Duration(s).Seconds())), nil
}

// Logger receives the loop's events, one per line of output. An error
// (the output cannot be written) is reported in the loop's Outcome; the
// loop keeps running the flow.
type Logger interface {
	Log(Event) error
}

// LoggerFunc adapts a function to Logger.
type LoggerFunc func(Event) error

// Log calls f.
func (f LoggerFunc) Log(e Event) error { return f(e) }

// NewJSONLogger writes each event as one JSON object per line (JSON lines),
// for log shippers and `--output json`. Encoding an event cannot fail (its
// values go through value.JSON); writing it can, and is returned.
func NewJSONLogger(w io.Writer) Logger {
	var mu sync.Mutex
	enc := json.NewEncoder(w)
	return LoggerFunc(func(e Event) error {
		mu.Lock()
		defer mu.Unlock()
		return enc.Encode(e)
	})
}

// NewTextLogger writes each event as one line for people:
//
//	2026-11-26T17:00:00Z start dask-example run=20261126T170000Z clock="every 1m0s" params: n=10
//	2026-11-26T17:00:03Z end   dask-example run=20261126T170000Z state=success wall=3.2s outputs: total=9900
func NewTextLogger(w io.Writer) Logger {
	var mu sync.Mutex
	return LoggerFunc(func(e Event) error {
		line := formatText(e)
		mu.Lock()
		defer mu.Unlock()
		_, err := io.WriteString(w, line+"\n")
		return err
	})
}

// formatText renders e as one line of key=value fields.
func formatText(e Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %-7s %s", e.Time.Format(time.RFC3339), e.Event, e.Flow)
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, " %s=%s", k, textValue(v))
		}
	}
	field("run", e.RunID)
	field("clock", e.Clock)
	if e.Scheduled != nil && e.Event != EventStart && e.Event != EventEnd || e.Catchup {
		field("scheduled", e.Scheduled.Format(time.RFC3339))
	}
	if e.Catchup {
		b.WriteString(" catchup")
	}
	field("state", e.State)
	if e.Wall != nil {
		field("wall", time.Duration(*e.Wall).Round(time.Millisecond).String())
	}
	field("error", e.Error)
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if len(e.Params) > 0 {
		b.WriteString(" params:" + formatParams(e.Params))
	}
	if len(e.Outputs) > 0 {
		b.WriteString(" outputs:")
		for _, o := range e.Outputs {
			b.WriteString(" " + o.Name + "=" + textValue(valueText(o.Value)))
		}
	}
	return b.String()
}

// formatParams renders params sorted by name.
func formatParams(params map[string]any) string {
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		b.WriteString(" " + k + "=" + textValue(valueText(params[k])))
	}
	return b.String()
}

// valueText renders a runtime value compactly: strings as they are, NaN
// and ±Inf as JSON spells them, anything else as its JSON (value.JSON).
func valueText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		if s, ok := value.NonFinite(v); ok {
			return s
		}
	}
	return string(value.JSON(v))
}

// textValue quotes a value that would break the key=value layout.
func textValue(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\n\"=") {
		return fmt.Sprintf("%q", s)
	}
	return s
}
