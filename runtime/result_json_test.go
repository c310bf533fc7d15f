package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/flowspec/flowspec/compiler"
)

func TestResultJSON(t *testing.T) {
	g, _ := progressGraph()
	res := scriptedResult(g)
	res.Outputs = append(res.Outputs, NamedValue{Name: "odd", Value: []any{math.NaN(), math.Inf(-1), 1.5}, OK: true})
	got, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "result.json", string(got)+"\n")
}

func TestResultJSONFromRun(t *testing.T) {
	res, _ := runGraph(t, seedFlow(10).graph(), 2)
	var back struct {
		Executor string         `json:"executor"`
		OK       bool           `json:"ok"`
		Counts   map[string]int `json:"counts"`
		Outputs  map[string]any `json:"outputs"`
		Errors   []ErrorJSON    `json:"errors"`
	}
	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatalf("%v in %s", err, data)
	}
	if back.Executor != "local" || !back.OK || back.Counts["success"] != 31 || back.Outputs["total"] != 90.0 || back.Errors == nil {
		t.Errorf("round trip: %+v from %s", back, data)
	}
}

func TestWriteSummaryOK(t *testing.T) {
	r := &Result{Executor: "local", Wall: 2 * time.Second}
	r.Counts[Success] = 301
	var b bytes.Buffer
	WriteSummary(&b, r)
	if got := b.String(); got != "ok: 301 tasks succeeded in 2.0s (local)\n" {
		t.Errorf("summary %q", got)
	}
	r.Counts[Success], r.Counts[Cancelled] = 1, 300
	b.Reset()
	WriteSummary(&b, r)
	if got := b.String(); got != "cancelled: 1 succeeded, 300 cancelled of 301 tasks in 2.0s (local)\n" {
		t.Errorf("summary %q", got)
	}
}

// TestWriteSummaryStoppedByError: a run that ended with an error other than
// its cancellation failed, even before any task reached a final state; a
// cancelled one says so.
func TestWriteSummaryStoppedByError(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{errors.New("lost the Dask scheduler during the run: EOF"), "failed: no task ran in 24ms (dask)\n"},
		{fmt.Errorf("interrupted: %w", context.Canceled), "cancelled: no task ran in 24ms (dask)\n"},
	} {
		var b bytes.Buffer
		WriteSummary(&b, &Result{Executor: "dask", Wall: 24 * time.Millisecond, Err: c.err})
		if got := b.String(); got != c.want {
			t.Errorf("%v: summary %q, want %q", c.err, got, c.want)
		}
	}
}

func TestWriteErrorsCountsTheRest(t *testing.T) {
	r := &Result{Errors: []*TaskError{{Key: compiler.Key{Name: "x", Index: -1}, Op: "fail", Message: "no", Pos: "f.yaml:1:1"}}}
	r.Counts[Failed] = 12
	var b bytes.Buffer
	WriteErrors(&b, r)
	if want := "f.yaml:1:1: task x (fail): no\n… and 11 more failed tasks\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

func TestFormatValue(t *testing.T) {
	long := string(bytes.Repeat([]byte("ab"), 150))
	cases := []struct {
		v    any
		want string
	}{
		{nil, "null"},
		{int64(-3), "-3"},
		{2.0, "2.0"},
		{1e21, "1e+21"},
		{math.Inf(1), "+Inf"},
		{"a\"b", `"a\"b"`},
		{long, `"` + long[:200] + `"… (300 chars)`},
		{[]any{}, "[]"},
		{[]any{[]any{[]any{[]any{[]any{int64(1)}}}}}, "[[[[[… 1 items]]]]]"},
		{map[string]any{}, "{}"},
	}
	for _, tc := range cases {
		if got := FormatValue(tc.v); got != tc.want {
			t.Errorf("FormatValue(%v) = %s, want %s", tc.v, got, tc.want)
		}
	}
	if got := describe([]any{int64(1), int64(2), int64(3), int64(4)}); got != "list [1, 2, 3, … 1 more]" {
		t.Errorf("describe: %s", got)
	}
}
