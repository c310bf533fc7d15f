package client_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	ogórek "github.com/kisielk/og-rek"

	"github.com/flowspec/flowspec/dask/client"
	"github.com/flowspec/flowspec/dask/internal/testcluster"
	"github.com/flowspec/flowspec/dask/wire"
	"github.com/flowspec/flowspec/internal/testcert"
)

// venvs are the pinned distributed versions every integration test runs
// against: one per update-graph dialect.
var venvs = []string{"current", "legacy"}

// dial connects to a test cluster or fails the test.
func dial(t *testing.T, addr string, opts client.DialOptions) *client.Client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := client.Dial(ctx, addr, opts)
	if err != nil {
		t.Fatalf("Dial(%s): %v", addr, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestClusterConversation runs the request/reply calls and the stream
// against a scheduler with two one-thread workers, once per venv.
func TestClusterConversation(t *testing.T) {
	for _, venv := range venvs {
		t.Run(venv, func(t *testing.T) {
			cl := testcluster.Start(t, venv, testcluster.Options{Workers: 2, Threads: 1})
			c := dial(t, cl.Address, client.DialOptions{})
			t.Run("versions", func(t *testing.T) { testVersions(t, c, venv) })
			t.Run("identity", func(t *testing.T) { testIdentity(t, c) })
			t.Run("work stealing off", func(t *testing.T) { testStealing(t, c, false) })
			t.Run("graph and gather", func(t *testing.T) { testGraph(t, c) })
			t.Run("task error", func(t *testing.T) { testTaskError(t, c) })
			t.Run("graph the scheduler cannot load", func(t *testing.T) { testBadGraph(t, c) })
			t.Run("gather unknown key", func(t *testing.T) { testGatherUnknown(t, c) })
			t.Run("values through the worker", func(t *testing.T) { testValues(t, c) })
			t.Run("cancel", func(t *testing.T) { testCancel(t, c) })
			t.Run("close", func(t *testing.T) { testClose(t, c) })
			// A handler exception (a malformed message) would have closed a
			// stream or failed a call; the scheduler must not have logged one.
			if log := cl.SchedulerLog(); strings.Contains(log, "Exception while handling op") {
				t.Errorf("the scheduler logged an exception:\n%s", log)
			}
			if t.Failed() {
				t.Log(cl.Logs())
			}
		})
	}
}

func testVersions(t *testing.T, c *client.Client, venv string) {
	v, err := c.Versions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"current": "2026.8.0", "legacy": "2024.12.1"}[venv]
	if v.Distributed != want || v.Dask != want {
		t.Errorf("distributed %q dask %q, want %q", v.Distributed, v.Dask, want)
	}
	if !strings.HasPrefix(v.Python, "3.") || strings.Count(v.Python, ".") != 2 {
		t.Errorf("python %q, want 3.x.y", v.Python)
	}
	wantDialect := map[string]wire.Dialect{"current": wire.DialectExpr, "legacy": wire.DialectHLG}[venv]
	if c.Dialect() != wantDialect {
		t.Errorf("dialect %v, want %v", c.Dialect(), wantDialect)
	}
}

func testIdentity(t *testing.T, c *client.Client) {
	id, err := c.Identity(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(id.Workers) != 2 || id.TotalThreads != 2 {
		t.Fatalf("identity: %d workers, %d threads; want 2 and 2: %+v", len(id.Workers), id.TotalThreads, id)
	}
	for _, w := range id.Workers {
		if !strings.HasPrefix(w.Address, "tcp://127.0.0.1:") || w.NThreads != 1 || w.Status != "running" || w.MemoryLimit <= 0 {
			t.Errorf("worker %+v", w)
		}
	}
	if id.TotalMemory != id.Workers[0].MemoryLimit+id.Workers[1].MemoryLimit {
		t.Errorf("total memory %d is not the sum of the workers'", id.TotalMemory)
	}
	// The scheduler's HTTP server (the dashboard with bokeh installed) runs
	// on a free port.
	if want := fmt.Sprintf("http://127.0.0.1:%d/status", id.DashboardPort); id.DashboardPort == 0 || id.DashboardURL != want {
		t.Errorf("dashboard %d %q, want a port and %s", id.DashboardPort, id.DashboardURL, want)
	}
}

func testStealing(t *testing.T, c *client.Client, want bool) {
	on, known, err := c.WorkStealing(context.Background())
	if err != nil || !known || on != want {
		t.Fatalf("WorkStealing() = %v, %v, %v; want %v, true, nil", on, known, err, want)
	}
}

// pickleGraph pickles dsk (key, task, key, task...) in the dialect's form,
// as the lowering does, using only builtins and public constructors.
func pickleGraph(t *testing.T, d wire.Dialect, items ...any) []byte {
	t.Helper()
	dsk := ogórek.NewDictWithData(items...)
	var obj any
	if d == wire.DialectExpr {
		obj = ogórek.Call{
			Callable: ogórek.Class{Module: "dask._expr", Name: "Expr._reconstruct"},
			Args:     ogórek.Tuple{ogórek.Class{Module: "dask._expr", Name: "LLGExpr"}, dsk, "flowspec-test-" + fmt.Sprint(time.Now().UnixNano()), ogórek.NewDict()},
		}
	} else {
		emptySet := ogórek.Call{Callable: ogórek.Class{Module: "builtins", Name: "set"}, Args: ogórek.Tuple{}}
		hlg := ogórek.Call{
			Callable: ogórek.Class{Module: "dask.highlevelgraph", Name: "HighLevelGraph"},
			Args:     ogórek.Tuple{ogórek.NewDictWithData("layer", dsk), ogórek.NewDictWithData("layer", emptySet)},
		}
		obj = ogórek.Call{Callable: ogórek.Class{Module: "distributed.protocol.serialize", Name: "ToPickle"}, Args: ogórek.Tuple{hlg}}
	}
	var b bytes.Buffer
	enc := ogórek.NewEncoderWithConfig(&b, &ogórek.EncoderConfig{Protocol: 4, StrictUnicode: true})
	if err := enc.Encode(obj); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// lambda is a task function made by unpickling builtins.eval(src, {}).
func lambda(src string) ogórek.Call {
	return ogórek.Call{Callable: ogórek.Class{Module: "builtins", Name: "eval"}, Args: ogórek.Tuple{src, ogórek.NewDict()}}
}

// token makes keys unique per test, so repeated runs never collide.
func token() string { return fmt.Sprintf("%x", time.Now().UnixNano()) }

// start opens a stream and closes it at the end of the test.
func start(t *testing.T, c *client.Client) *client.Stream {
	t.Helper()
	s, err := c.Start(context.Background(), "flowspec-test-"+token())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// await collects events until every key in want has one, or fails.
func await(t *testing.T, s *client.Stream, want ...wire.Key) map[wire.Key]client.StreamEvent {
	t.Helper()
	got := map[wire.Key]client.StreamEvent{}
	timeout := time.After(60 * time.Second)
	for len(got) < len(want) {
		select {
		case ev, ok := <-s.Events():
			if !ok {
				t.Fatalf("events closed after %v", got)
			}
			switch e := ev.(type) {
			case client.KeyInMemory:
				got[e.Key] = e
			case client.TaskErred:
				got[e.Key] = e
			case client.StreamClosed:
				t.Fatalf("stream closed: %v", e.Err)
			}
		case <-timeout:
			t.Fatalf("no events for all of %v within 60s; got %v", want, got)
		}
	}
	return got
}

func testGraph(t *testing.T, c *client.Client) {
	s := start(t, c)
	tok := token()
	inc0, inc1 := wire.TaskKey("inc-"+tok, 0), wire.TaskKey("inc-"+tok, 1)
	total := wire.StrKey("sum-" + tok)
	graph := pickleGraph(t, s.Dialect(),
		inc0.Pickle(), ogórek.Tuple{lambda("lambda x: x + 1"), int64(41)},
		inc1.Pickle(), ogórek.Tuple{lambda("lambda x: x + 1"), int64(1)},
		total.Pickle(), ogórek.Tuple{ogórek.Class{Module: "builtins", Name: "sum"}, []any{inc0.Pickle(), inc1.Pickle()}},
	)
	ctx := context.Background()
	if err := s.UpdateGraph(ctx, graph, []wire.Key{inc0, total}, s.Dialect()); err != nil {
		t.Fatal(err)
	}
	await(t, s, inc0, total)
	got, err := c.Gather(ctx, []wire.Key{inc0, total})
	if err != nil {
		t.Fatal(err)
	}
	if got[inc0] != int64(42) || got[total] != int64(44) {
		t.Errorf("Gather = %v, want %v: 42, %v: 44", got, inc0, total)
	}
	if err := s.ReleaseKeys(ctx, []wire.Key{inc0, total}); err != nil {
		t.Fatal(err)
	}
}

func testTaskError(t *testing.T, c *client.Client) {
	s := start(t, c)
	div := wire.TaskKey("div-"+token(), 0)
	graph := pickleGraph(t, s.Dialect(), div.Pickle(), ogórek.Tuple{lambda("lambda x: 1 / x"), int64(0)})
	if err := s.UpdateGraph(context.Background(), graph, []wire.Key{div}, s.Dialect()); err != nil {
		t.Fatal(err)
	}
	ev, ok := await(t, s, div)[div].(client.TaskErred)
	if !ok {
		t.Fatalf("want TaskErred for %v", div)
	}
	if ev.Error() != "ZeroDivisionError: division by zero" {
		t.Errorf("TaskErred = %q, want ZeroDivisionError: division by zero", ev.Error())
	}
	if !strings.Contains(ev.Traceback, "line 1, in <lambda>") {
		t.Errorf("traceback does not show the lambda:\n%s", ev.Traceback)
	}
}

// testBadGraph submits a graph naming a module the scheduler cannot
// import: every key errs with the scheduler's explanation, and the stream
// survives.
func testBadGraph(t *testing.T, c *client.Client) {
	s := start(t, c)
	bad := wire.TaskKey("bad-"+token(), 0)
	graph := pickleGraph(t, s.Dialect(), bad.Pickle(), ogórek.Tuple{ogórek.Class{Module: "no_such_module_flowspec", Name: "f"}})
	if err := s.UpdateGraph(context.Background(), graph, []wire.Key{bad}, s.Dialect()); err != nil {
		t.Fatal(err)
	}
	ev, ok := await(t, s, bad)[bad].(client.TaskErred)
	if !ok || !strings.Contains(ev.Error(), "Error during deserialization of the task graph") {
		t.Fatalf("want TaskErred explaining the graph, got %#v", ev)
	}
	t.Logf("%s", ev.Error())
}

func testGatherUnknown(t *testing.T, c *client.Client) {
	_, err := c.Gather(context.Background(), []wire.Key{wire.TaskKey("never-computed", 3)})
	if err == nil || !strings.Contains(err.Error(), "no worker holds ('never-computed', 3)") {
		t.Fatalf("Gather of an unknown key: %v", err)
	}
}

// testValues gathers results that travel as msgpack, as pickles and as
// per-element collections, and one that is not a plain value.
func testValues(t *testing.T, c *client.Client) {
	s := start(t, c)
	tok := token()
	plain, big := wire.TaskKey("plain-"+tok, 0), wire.TaskKey("big-"+tok, 0)
	graph := pickleGraph(t, s.Dialect(),
		plain.Pickle(), ogórek.Tuple{lambda("lambda: {'a': [1, 2.5, 'x', None], 's': {2, 1}, 't': (True, b'by')}")},
		big.Pickle(), ogórek.Tuple{lambda("lambda: 2 ** 70")},
	)
	ctx := context.Background()
	if err := s.UpdateGraph(ctx, graph, []wire.Key{plain, big}, s.Dialect()); err != nil {
		t.Fatal(err)
	}
	await(t, s, plain, big)
	got, err := c.Gather(ctx, []wire.Key{plain})
	want := map[string]any{"a": []any{int64(1), 2.5, "x", nil}, "s": []any{int64(1), int64(2)}, "t": []any{true, "by"}}
	if err != nil || fmt.Sprint(got[plain]) != fmt.Sprint(want) {
		t.Errorf("Gather = %v, %v; want %v", got[plain], err, want)
	}
	_, err = c.Gather(ctx, []wire.Key{big})
	if err == nil || !strings.Contains(err.Error(), "result of "+big.String()+": integer 1180591620717411303424 does not fit") {
		t.Errorf("Gather of 2**70: %v", err)
	}
}

// testCancel cancels a running task: the scheduler reports the key
// cancelled and the stream stays usable (a malformed cancel-keys would
// close it).
func testCancel(t *testing.T, c *client.Client) {
	s := start(t, c)
	tok := token()
	slow, quick := wire.TaskKey("slow-"+tok, 0), wire.TaskKey("quick-"+tok, 0)
	ctx := context.Background()
	graph := pickleGraph(t, s.Dialect(), slow.Pickle(), ogórek.Tuple{lambda("lambda: __import__('time').sleep(2)")})
	if err := s.UpdateGraph(ctx, graph, []wire.Key{slow}, s.Dialect()); err != nil {
		t.Fatal(err)
	}
	if err := s.CancelKeys(ctx, []wire.Key{slow}, "test cancels"); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-s.Events():
		cancelled, ok := ev.(client.CancelledKeys)
		if !ok || len(cancelled.Keys) != 1 || cancelled.Keys[0] != slow {
			t.Fatalf("after cancel-keys: %#v", ev)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no cancelled-keys within 30s")
	}
	graph = pickleGraph(t, s.Dialect(), quick.Pickle(), ogórek.Tuple{lambda("lambda: 1")})
	if err := s.UpdateGraph(ctx, graph, []wire.Key{quick}, s.Dialect()); err != nil {
		t.Fatal(err)
	}
	await(t, s, quick)
}

// testClose ends a stream: events close, later calls fail, Close twice is
// fine.
func testClose(t *testing.T, c *client.Client) {
	s, err := c.Start(context.Background(), "flowspec-test-close-"+token())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for range s.Events() {
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	err = s.ReleaseKeys(context.Background(), []wire.Key{wire.StrKey("x")})
	if err == nil || !strings.Contains(err.Error(), "is closed") {
		t.Errorf("ReleaseKeys after Close: %v", err)
	}
}

// TestWorkStealingOn checks WorkStealing on a scheduler started with
// stealing on (no workers needed: the setting is the scheduler's).
func TestWorkStealingOn(t *testing.T) {
	for _, venv := range venvs {
		t.Run(venv, func(t *testing.T) {
			cl := testcluster.Start(t, venv, testcluster.Options{WorkStealing: true})
			testStealing(t, dial(t, cl.Address, client.DialOptions{}), true)
		})
	}
}

// TestWorkStealingBlocked asks a scheduler that blocks run_function: the
// answer is "unknown", not an error.
func TestWorkStealingBlocked(t *testing.T) {
	for _, venv := range venvs {
		t.Run(venv, func(t *testing.T) {
			cl := testcluster.Start(t, venv, testcluster.Options{
				Env: []string{`DASK_DISTRIBUTED__SCHEDULER__BLOCKED_HANDLERS=["run_function"]`},
			})
			on, known, err := dial(t, cl.Address, client.DialOptions{}).WorkStealing(context.Background())
			if err != nil || known || on {
				t.Fatalf("WorkStealing() = %v, %v, %v; want false, false, nil", on, known, err)
			}
		})
	}
}

// TestTLS connects to a mutual-TLS scheduler with and without a client
// certificate, and with a CA that did not sign the scheduler's.
func TestTLS(t *testing.T) {
	for _, venv := range venvs {
		t.Run(venv, func(t *testing.T) {
			certs := testcert.New(t)
			cl := testcluster.Start(t, venv, testcluster.Options{TLS: certs})
			if !strings.HasPrefix(cl.Address, "tls://") {
				t.Fatalf("address %q", cl.Address)
			}
			good := client.Security{CAFile: certs.CAFile, CertFile: certs.ClientCert, KeyFile: certs.ClientKey}
			c := dial(t, cl.Address, client.DialOptions{Security: good})
			if _, err := c.Identity(context.Background()); err != nil {
				t.Fatal(err)
			}
			t.Run("no client certificate", func(t *testing.T) {
				noCert, err := client.NewTLSConfig(readFile(t, certs.CAFile), nil, nil)
				if err == nil {
					t.Fatalf("NewTLSConfig without a certificate: %v", noCert)
				}
				cfg := tlsWithoutClientCert(t, certs.CAFile)
				_, err = client.Dial(context.Background(), cl.Address, client.DialOptions{TLS: cfg, Timeout: 5 * time.Second})
				wantErr(t, err, "refused the TLS connection", "client certificate")
			})
			t.Run("wrong CA", func(t *testing.T) {
				bad := good
				bad.CAFile = certs.OtherCAFile
				_, err := client.Dial(context.Background(), cl.Address, client.DialOptions{Security: bad, Timeout: 5 * time.Second})
				wantErr(t, err, "TLS handshake with Dask scheduler at "+cl.Address+" failed", "not signed by the configured CA")
			})
			t.Run("tcp to a tls scheduler", func(t *testing.T) {
				addr := "tcp://" + strings.TrimPrefix(cl.Address, "tls://")
				_, err := client.Dial(context.Background(), addr, client.DialOptions{Timeout: 5 * time.Second})
				wantErr(t, err, addr, "is this a Dask scheduler port")
			})
		})
	}
}

// wantErr fails unless err contains every fragment and wraps ErrUnreachable.
func wantErr(t *testing.T, err error, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	t.Logf("error: %v", err)
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not say %q", err, f)
		}
	}
	if !errors.Is(err, client.ErrUnreachable) {
		t.Errorf("error %q does not wrap ErrUnreachable", err)
	}
}

// TestSchedulerKilledMidStream kills the scheduler under an open stream:
// the stream reports StreamClosed with a reason promptly, and calls fail
// instead of hanging.
func TestSchedulerKilledMidStream(t *testing.T) {
	for _, venv := range venvs {
		t.Run(venv, func(t *testing.T) {
			cl := testcluster.Start(t, venv, testcluster.Options{})
			c := dial(t, cl.Address, client.DialOptions{Timeout: 3 * time.Second})
			s := start(t, c)
			cl.KillScheduler()
			select {
			case ev := <-s.Events():
				closed, ok := ev.(client.StreamClosed)
				if !ok || closed.Err == nil || !strings.Contains(closed.Err.Error(), cl.Address) {
					t.Fatalf("first event after the kill: %#v", ev)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("no StreamClosed within 10s of killing the scheduler")
			}
			if _, ok := <-s.Events(); ok {
				t.Error("events not closed after StreamClosed")
			}
			k := wire.StrKey("after-kill")
			if err := s.UpdateGraph(context.Background(), []byte{0x80}, []wire.Key{k}, s.Dialect()); err == nil {
				t.Error("UpdateGraph on a dead stream succeeded")
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if _, err := c.Identity(ctx); err == nil {
				t.Error("Identity on a dead scheduler succeeded")
			}
			if err := s.Close(); err != nil {
				t.Errorf("Close after the kill: %v", err)
			}
		})
	}
}

// TestUnreachable dials a closed port.
func TestUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := "tcp://" + l.Addr().String()
	l.Close()
	_, err = client.Dial(context.Background(), addr, client.DialOptions{Timeout: 2 * time.Second})
	wantErr(t, err, "cannot reach Dask scheduler at "+addr+": connection refused (is it running? start one with `dask scheduler` and a worker with `dask worker "+addr+"`, both from `pip install distributed`; the README's \"Running on Dask\" has the details)")
}

// TestNotDask dials ports that accept TCP but do not speak Dask: one that
// says nothing and one that answers like an HTTP server.
func TestNotDask(t *testing.T) {
	silent := listen(t, func(c net.Conn) { time.Sleep(5 * time.Second) })
	_, err := client.Dial(context.Background(), silent, client.DialOptions{Timeout: time.Second})
	wantErr(t, err, silent+" did not answer the Dask handshake within 1s: is this a Dask scheduler port?")

	http := listen(t, func(c net.Conn) { c.Write([]byte("HTTP/1.1 400 Bad Request\r\n\r\n")) })
	_, err = client.Dial(context.Background(), http, client.DialOptions{Timeout: time.Second})
	wantErr(t, err, http+" answered with bytes that are not a Dask message", "is this a Dask scheduler port?")

	// A Dask-framed message that is not a handshake is as unreachable as
	// bytes that are not Dask's (exit 3 in the CLI), not a failed run.
	other := listen(t, func(c net.Conn) {
		frames, err := wire.Dumps(map[string]any{"op": "stream-start"})
		if err == nil {
			_ = wire.WriteFrames(c, frames)
		}
	})
	_, err = client.Dial(context.Background(), other, client.DialOptions{Timeout: time.Second})
	wantErr(t, err, other+" answered with a message that is not a Dask handshake")

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err = client.Dial(ctx, silent, client.DialOptions{Timeout: time.Minute})
	// The budget is what was left of the context when the dial began, so
	// on a loaded machine it may read 199ms: match its shape, not the clock.
	if !errors.Is(err, client.ErrUnreachable) || !handshakeWithin.MatchString(err.Error()) {
		t.Errorf("Dial with a 200ms context: %v", err)
	}
}

// handshakeWithin is the unanswered-handshake error with a budget in
// milliseconds, at most the 200ms the test's context gave.
var handshakeWithin = regexp.MustCompile(`did not answer the Dask handshake within (1?[0-9]{1,2}|200)ms`)

// listen serves handle on a loopback port until the test ends.
func listen(t *testing.T, handle func(net.Conn)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() { defer c.Close(); handle(c) }()
		}
	}()
	return "tcp://" + l.Addr().String()
}
