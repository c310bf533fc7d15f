package runtime

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec/compiler"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test -update rewrites it)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// fixedClock returns a clock that starts at a fixed instant and advances
// only when told.
type fixedClock struct{ t time.Time }

func newClock() *fixedClock                          { return &fixedClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)} }
func (c *fixedClock) now() time.Time                 { return c.t }
func (c *fixedClock) tick(d time.Duration) time.Time { c.t = c.t.Add(d); return c.t }

// progressGraph has inc[4], div[4] and a hidden expression group read by
// total, which the display folds into total.
func progressGraph() (*compiler.Graph, map[string][]int32) {
	b := newGraph()
	inc := b.mapped("inc", "inc", 4, func(i int) []compiler.Arg { return []compiler.Arg{c(int64(i))} })
	div := b.mapped("div", "div", 4, func(i int) []compiler.Arg { return []compiler.Arg{ref(inc[i]), c(int64(i))} })
	hid := b.task("total.values", "id", refs(div))
	b.g.GroupOf(int(hid)).Hidden = true
	total := b.task("total", "sum", ref(hid))
	b.output("total", ref(total))
	return b.graph(), map[string][]int32{"inc": inc, "div": div, "hid": {hid}, "total": {total}}
}

// scriptedEvents is a deterministic run of progressGraph: div[1] fails once
// and is retried, div[0] fails for good, so total is skipped.
func scriptedEvents(g *compiler.Graph, ids map[string][]int32, clk *fixedClock) []Event {
	var evs []Event
	add := func(i int32, st State, attempt int, msg string) {
		ev := Event{Task: i, State: st, Attempt: attempt, Time: clk.tick(10 * time.Millisecond)}
		if msg != "" {
			grp := g.GroupOf(int(i))
			ev.Err = &TaskError{Key: g.Key(int(i)), Op: grp.Op, Message: msg, Pos: grp.Range.String()}
		}
		evs = append(evs, ev)
	}
	for _, i := range ids["inc"] {
		add(i, Running, 1, "")
	}
	for _, i := range ids["inc"] {
		add(i, Success, 1, "")
	}
	div := ids["div"]
	add(div[0], Running, 1, "")
	add(div[1], Running, 1, "")
	add(div[0], Failed, 1, "division by zero")
	add(div[1], Retrying, 1, "connection reset")
	add(div[2], Running, 1, "")
	add(div[1], Running, 2, "")
	add(div[2], Success, 1, "")
	add(div[1], Success, 2, "")
	add(div[3], Running, 1, "")
	add(div[3], Success, 1, "")
	add(ids["hid"][0], Skipped, 0, "")
	add(ids["total"][0], Skipped, 0, "")
	return evs
}

// scriptedResult is the Result that goes with scriptedEvents, plus outputs
// that exercise value rendering.
func scriptedResult(g *compiler.Graph) *Result {
	long := make([]any, 25)
	for i := range long {
		long[i] = int64(i)
	}
	r := &Result{Executor: "local", Wall: 1234 * time.Millisecond}
	r.Counts[Success], r.Counts[Failed], r.Counts[Skipped] = 7, 1, 2
	r.Errors = []*TaskError{{Key: g.Key(4), Op: "div", Message: "division by zero", Pos: "flow.yaml:2:3"}}
	r.Outputs = []NamedValue{
		{Name: "total"},
		{Name: "values", Value: long, OK: true},
		{Name: "ratio", Value: 0.5, OK: true},
		{Name: "whole", Value: 3.0, OK: true},
		{Name: "greeting", Value: "hello\nworld", OK: true},
		{Name: "config", Value: map[string]any{"b": []any{true, nil}, "a": int64(1)}, OK: true},
	}
	return r
}

func TestProgressPlainGolden(t *testing.T) {
	g, ids := progressGraph()
	clk := newClock()
	var out bytes.Buffer
	evs := scriptedEvents(g, ids, clk)
	clk = newClock()
	p := NewProgress(&out, g, ProgressOptions{Mode: ProgressPlain, Now: clk.now})
	sink := p.Sink()
	for _, ev := range evs {
		clk.t = ev.Time
		sink(ev)
	}
	p.Close()
	res := scriptedResult(g)
	out.WriteString("--- summary\n")
	WriteSummary(&out, res)
	out.WriteString("--- errors\n")
	WriteErrors(&out, res)
	out.WriteString("--- outputs\n")
	WriteOutputs(&out, res)
	golden(t, "progress_plain.golden", out.String())
}

func TestProgressLiveGolden(t *testing.T) {
	t.Setenv("NO_COLOR", "")
	g, ids := progressGraph()
	clk := newClock()
	var out bytes.Buffer
	evs := scriptedEvents(g, ids, clk)
	clk = newClock()
	p := newProgress(&out, g, ProgressOptions{Mode: ProgressLive, Now: clk.now, Width: 60}, 0)
	sink := p.Sink()
	for k, ev := range evs {
		clk.t = ev.Time
		sink(ev)
		if k%4 == 3 { // what the ticker would do between events
			p.mu.Lock()
			p.live.redraw()
			p.mu.Unlock()
		}
	}
	p.Close()
	golden(t, "progress_live.golden", strings.ReplaceAll(out.String(), "\x1b", "⎋"))
}

func TestProgressLiveNoColor(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	g, ids := progressGraph()
	var out bytes.Buffer
	p := newProgress(&out, g, ProgressOptions{Mode: ProgressLive, Width: 60}, 0)
	for _, ev := range scriptedEvents(g, ids, newClock()) {
		p.Sink()(ev)
	}
	p.mu.Lock()
	p.live.redraw()
	p.mu.Unlock()
	p.Close()
	p.Close()
	if strings.Contains(out.String(), "\x1b[3") || strings.Contains(out.String(), ansiDim) {
		t.Errorf("NO_COLOR set but output has colour: %q", out.String())
	}
}

func TestProgressAutoMode(t *testing.T) {
	g, _ := progressGraph()
	devnull, err := os.Open(os.DevNull) // a character device, but not a terminal
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	for _, w := range []interface{ Write([]byte) (int, error) }{&bytes.Buffer{}, devnull} {
		p := NewProgress(w, g, ProgressOptions{})
		if p.Mode() != ProgressPlain {
			t.Errorf("%T: auto chose %v, want plain", w, p.Mode())
		}
		p.Close()
	}
	if p := NewProgress(&bytes.Buffer{}, g, ProgressOptions{Mode: ProgressOff}); p.Sink() != nil {
		t.Error("off mode returned a sink; the executor would do event work for nothing")
	}
}

// TestProgressWithLocal runs a real 3001-task graph through the plain
// reporter: one line per group, none per task.
func TestProgressWithLocal(t *testing.T) {
	reg, _ := newTestRegistry(t)
	b := seedFlow(1000)
	d := b.task("div", "div", c(int64(1)), c(int64(0)))
	b.task("after", "id", ref(d))
	g := b.graph()
	var out bytes.Buffer
	p := NewProgress(&out, g, ProgressOptions{Mode: ProgressPlain})
	res, err := NewLocal(reg, 2).Run(context.Background(), g, p.Sink())
	p.Close()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	pattern := []string{
		`^inc: 1000/1000 done in \S+$`,
		`^dec: 1000/1000 done in \S+$`,
		`^add: 1000/1000 done in \S+$`,
		`^total: 1/1 done in \S+$`,
		`^flow\.yaml:5:3: task div \(div\): division by zero$`,
		`^div: 1/1 finished in \S+: 1 failed$`,
		`^after: 1/1 finished: 1 skipped$`,
	}
	if len(lines) != len(pattern) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(pattern), out.String())
	}
	for _, pat := range pattern {
		found := false
		for _, l := range lines {
			found = found || regexp.MustCompile(pat).MatchString(l)
		}
		if !found {
			t.Errorf("no line matches %s in\n%s", pat, out.String())
		}
	}
	if res.Counts[Failed] != 1 {
		t.Errorf("counts %v", res.Counts)
	}
}

func TestProgressCapsNotes(t *testing.T) {
	b := newGraph()
	bad := b.mapped("bad", "fail", 100, func(int) []compiler.Arg { return []compiler.Arg{c("no")} })
	g := b.graph()
	var out bytes.Buffer
	p := NewProgress(&out, g, ProgressOptions{Mode: ProgressPlain})
	for _, i := range bad {
		p.Sink()(Event{Task: i, State: Failed, Err: &TaskError{Key: g.Key(int(i)), Op: "fail", Message: "no"}})
	}
	p.Close()
	if n := strings.Count(out.String(), "\n"); n != maxNotes+1 {
		t.Errorf("%d lines for 100 failures, want %d (capped, plus the group line)", n, maxNotes+1)
	}
}

func TestFormatDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", 500 * time.Microsecond: "<1ms", 340 * time.Millisecond: "340ms",
		1250 * time.Millisecond: "1.2s", 185 * time.Second: "3m05s", 130 * time.Minute: "2h10m",
	} {
		if got := formatDuration(d); got != want {
			t.Errorf("%v: %q, want %q", d, got, want)
		}
	}
}

func TestProgressFoldsHiddenChains(t *testing.T) {
	b := newGraph()
	x := b.task("x", "inc", c(int64(1)))
	h1 := b.task("h1", "id", ref(x))
	h2 := b.task("h2", "id", ref(h1))
	y := b.task("y", "id", ref(h2))
	orphan := b.task("orphan", "id", ref(y)) // hidden, read by nothing: shown as itself
	for _, i := range []int32{h1, h2, orphan} {
		b.g.GroupOf(int(i)).Hidden = true
	}
	p := NewProgress(&bytes.Buffer{}, b.graph(), ProgressOptions{Mode: ProgressPlain})
	want := []int32{0, 3, 3, 3, 4}
	if !slicesEqual(p.display, want) {
		t.Errorf("display groups %v, want %v", p.display, want)
	}
	if p.stats[3].total != 1 || p.stats[0].total != 1 {
		t.Errorf("y shows %d elements (want 1: h1 and h2 are its hidden parts), x %d (want 1)", p.stats[3].total, p.stats[0].total)
	}
}
