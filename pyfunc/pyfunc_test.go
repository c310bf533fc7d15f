package pyfunc

import (
	"bytes"
	"context"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// testProvider is a provider over testdata/mods with python3, its workers'
// stderr captured.
func testProvider(t *testing.T) (*Provider, *syncBuffer) {
	t.Helper()
	if _, err := exec.LookPath("python3"); err != nil {
		t.Fatal("these tests need python3 on PATH")
	}
	dir, _ := filepath.Abs("testdata/mods")
	errs := &syncBuffer{}
	p := New(Config{Interpreter: "python3", Source: "test", Path: []string{dir}, CacheDir: t.TempDir(), Workers: 2, Stderr: errs})
	t.Cleanup(func() { p.Close() })
	return p, errs
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func call(t *testing.T, p *Provider, name string, args ...any) (any, error) {
	t.Helper()
	return callCtx(context.Background(), t, p, name, args...)
}

func callCtx(ctx context.Context, t *testing.T, p *Provider, name string, args ...any) (any, error) {
	t.Helper()
	op, err := p.Op(name)
	if err != nil {
		t.Fatalf("Op(%s): %v", name, err)
	}
	full := make([]any, len(op.Params))
	copy(full, args)
	for i := len(args); i < len(op.Params); i++ {
		full[i] = op.Params[i].Default
	}
	return op.Go(ctx, full)
}

func TestSignatures(t *testing.T) {
	p, _ := testProvider(t)
	op, err := p.Op("py:faults.add")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := operator.Signature(op), "py:faults.add(x: any, y: any = 10, scale: any = 1) -> any"; got != want {
		t.Errorf("signature %s, want %s", got, want)
	}
	if op.Pure || op.Cheap || !op.Foreign {
		t.Errorf("an unmarked function is opaque: pure %v cheap %v foreign %v", op.Pure, op.Cheap, op.Foreign)
	}
	if op, _ := p.Op("py:faults.pure_double"); !op.Pure || !op.Cheap {
		t.Errorf("markers not read: pure %v cheap %v", op.Pure, op.Cheap)
	}
	if op, _ := p.Op("py:faults.inc"); op.Doc != "Add one." {
		t.Errorf("doc %q", op.Doc)
	}
}

func TestResolveErrors(t *testing.T) {
	p, _ := testProvider(t)
	_, err := p.Op("py:faults.inx")
	if !errors.Is(err, operator.ErrUnknown) || !strings.Contains(err.Error(), "module faults (faults.py) has no function inx") {
		t.Errorf("misspelled function: %v", err)
	}
	if near := p.Near("py:faults.inx"); !contains(near, "py:faults.inc") {
		t.Errorf("Near: %v", near)
	}
	if _, err := p.Op("py:nosuch.f"); !errors.Is(err, operator.ErrUnknown) || !strings.Contains(err.Error(), "no module nosuch") {
		t.Errorf("missing module: %v", err)
	}
	_, err = p.Op("py:broken.f")
	if err == nil || !strings.Contains(err.Error(), "importing module broken raised SyntaxError: invalid syntax") {
		t.Errorf("syntax error: %v", err)
	}
	none := New(Config{Interpreter: "no-such-python-here", Source: "test", CacheDir: "-"})
	if _, err := none.Op("py:faults.inc"); !errors.Is(err, operator.ErrUnchecked) {
		t.Errorf("no interpreter: %v", err)
	}
}

func contains(l []string, s string) bool {
	for _, e := range l {
		if e == s {
			return true
		}
	}
	return false
}

func TestCalls(t *testing.T) {
	p, errs := testProvider(t)
	for _, c := range []struct {
		name string
		args []any
		want string
	}{
		{"py:faults.inc", []any{int64(41)}, "42"},
		{"py:faults.inc", []any{1.5}, "2.5"},
		{"py:faults.add", []any{int64(1), int64(2), int64(3)}, "9"},
		{"py:faults.add", []any{int64(1)}, "11"},
		{"py:faults.pair", []any{"s"}, `["s", ["s", null], {"k": 1.5}]`},
		{"py:faults.noisy", []any{int64(4)}, "8"},
	} {
		v, err := call(t, p, c.name, c.args...)
		if err != nil || value.Repr(v) != c.want {
			t.Errorf("%s%v = %s, %v; want %s", c.name, c.args, value.Repr(v), err, c.want)
		}
	}
	p.Close() // the workers' stderr is copied until they exit
	if !strings.Contains(errs.String(), "py:faults.noisy: hello from noisy\n") || !strings.Contains(errs.String(), "py:faults.noisy: more noise\n") {
		t.Errorf("prints should reach stderr prefixed with the operator, got %q", errs.String())
	}
}

func TestOpaqueObjects(t *testing.T) {
	p, _ := testProvider(t)
	pt, err := call(t, p, "py:faults.make_point", int64(7))
	if err != nil {
		t.Fatal(err)
	}
	o, ok := pt.(value.Opaque)
	if !ok || o.Type != "faults.Point" || value.Text(o) != "<python object faults.Point>" {
		t.Fatalf("make_point gave %#v", pt)
	}
	if x, err := call(t, p, "py:faults.point_x", pt); err != nil || x != int64(7) {
		t.Errorf("point_x = %v, %v", x, err)
	}
}

func TestRaises(t *testing.T) {
	p, _ := testProvider(t)
	_, err := call(t, p, "py:faults.boom", int64(3))
	want := `ValueError: bad value 3
  File "faults.py", line 21, in boom
    return helper(x)
  File "faults.py", line 25, in helper
    raise ValueError(f"bad value {x}")`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	if v, err := call(t, p, "py:faults.inc", int64(1)); err != nil || v != int64(2) {
		t.Errorf("the worker should survive an exception: %v %v", v, err)
	}
}

func TestTimeoutKillsWorker(t *testing.T) {
	p, _ := testProvider(t)
	if _, err := p.Op("py:faults.hang"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := callCtx(ctx, t, p, "py:faults.hang", int64(1)); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("hang: %v", err)
	}
	if pids := p.workerPids(); len(pids) != 0 {
		t.Errorf("the worker that hung is still in the pool: %v", pids)
	}
	if gone := p.lastKilled(); gone == 0 || syscall.Kill(gone, 0) == nil {
		t.Errorf("the worker that hung should be gone: %v", gone)
	}
	if v, err := call(t, p, "py:faults.inc", int64(1)); err != nil || v != int64(2) {
		t.Errorf("after a timeout a new worker should answer: %v %v", v, err)
	}
}

func TestWorkerDies(t *testing.T) {
	p, _ := testProvider(t)
	_, err := call(t, p, "py:faults.die", int64(1))
	if err == nil || !strings.Contains(err.Error(), "the Python worker running py:faults.die exited (exit status 3) during the call") {
		t.Errorf("die: %v", err)
	}
	if v, err := call(t, p, "py:faults.inc", int64(1)); err != nil || v != int64(2) {
		t.Errorf("a replacement worker should answer: %v %v", v, err)
	}
}
