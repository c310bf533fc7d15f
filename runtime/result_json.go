package runtime

import (
	"encoding/json"

	"github.com/flowspec/flowspec/value"
)

// ResultJSON is a Result as `flowspec run --output json` prints it: stable
// field names for scripts, counts by state name, outputs in the flow's order.
type ResultJSON struct {
	Executor    string         `json:"executor"`
	OK          bool           `json:"ok"`
	Counts      map[string]int `json:"counts"` // success, failed, skipped, cancelled
	WallSeconds float64        `json:"wall_seconds"`
	Outputs     OutputsJSON    `json:"outputs"`
	// Unavailable names outputs whose tasks did not succeed (their value is null).
	Unavailable []string    `json:"unavailable,omitempty"`
	Errors      []ErrorJSON `json:"errors"`
	// Error says why the run stopped before it finished (then ok is false).
	Error string `json:"error,omitempty"`
	// Groups counts, per task, how its elements ended (see Tally); the CLI
	// fills it, and `flowspec compile --states` colours a picture by it.
	Groups map[string]map[string]int `json:"groups,omitempty"`
}

// ErrorJSON is one task failure.
type ErrorJSON struct {
	Key      string `json:"key"`             // add[3]
	Task     string `json:"task"`            // add
	Index    *int   `json:"index,omitempty"` // 3; absent when the task is not mapped
	Op       string `json:"op"`
	Message  string `json:"message"`
	Position string `json:"position"` // file:line:col
}

// OutputsJSON marshals as a JSON object whose keys keep the flow's order.
type OutputsJSON []NamedValue

// JSON converts r to its JSON form.
func (r *Result) JSON() ResultJSON {
	j := ResultJSON{
		Executor:    r.Executor,
		OK:          r.OK(),
		Counts:      map[string]int{},
		WallSeconds: r.Wall.Seconds(),
		Outputs:     OutputsJSON(r.Outputs),
		Errors:      []ErrorJSON{},
	}
	if r.Err != nil {
		j.Error = r.Err.Error()
	}
	for _, s := range []State{Success, Failed, Skipped, Cancelled} {
		j.Counts[s.String()] = r.Counts[s]
	}
	for _, o := range r.Outputs {
		if !o.OK {
			j.Unavailable = append(j.Unavailable, o.Name)
		}
	}
	for _, e := range r.Errors {
		ej := ErrorJSON{Key: e.Key.String(), Task: e.Key.Name, Op: e.Op, Message: e.Message, Position: e.Pos}
		if e.Key.Index >= 0 {
			ej.Index = &e.Key.Index
		}
		j.Errors = append(j.Errors, ej)
	}
	return j
}

// MarshalJSON encodes r as its ResultJSON.
func (r *Result) MarshalJSON() ([]byte, error) { return json.Marshal(r.JSON()) }

// MarshalJSON writes the outputs as one object in order; values JSON cannot
// hold (NaN, ±Inf) are spelled as value.JSON spells them: "NaN", "+Inf",
// "-Inf".
func (o OutputsJSON) MarshalJSON() ([]byte, error) {
	return value.JSONObject(len(o), func(i int) (string, any) { return o[i].Name, o[i].Value }), nil
}
