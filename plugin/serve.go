package plugin

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/flowspec/flowspec/internal/subproc"
)

// Op is one operator a plugin serves: what describe says about it (its
// name without the plugin's namespace) and the function that runs it.
// Batchable tells flowspec that calls are quick enough to run many to a
// task; an operator that is not Pure, or not Batchable, runs each call as
// a task of its own.
type Op struct {
	Name      string
	Doc       string
	Params    []Param
	Result    string
	Pure      bool
	Batchable bool
	// Func runs one call; args holds every parameter, defaults filled in.
	// Several calls may run at once on separate goroutines.
	Func func(ctx context.Context, args Args) (any, error)
}

// Serve answers flowspec on stdin and stdout until stdin closes, then
// exits the program; a broken protocol stream exits it with status 2.
// Write logs to stderr, never stdout: stdout carries the protocol.
func Serve(ops ...Op) {
	if err := ServeIO(bufio.NewReaderSize(os.Stdin, 64<<10), os.Stdout, ops...); err != nil {
		fmt.Fprintln(os.Stderr, "plugin:", err)
		os.Exit(2)
	}
	os.Exit(0)
}

// ServeIO answers the requests read from r on w until r ends (nil) or
// cannot be read. Calls run concurrently and are answered as they finish,
// each with its id; ServeIO waits for them before it returns.
func ServeIO(r io.Reader, w io.Writer, ops ...Op) error {
	s := &server{r: r, w: w, ops: map[string]Op{}, done: make(chan error, 1)}
	for _, op := range ops {
		s.ops[op.Name] = op
	}
	s.desc = describe(ops)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.read(ctx)
	err := <-s.done
	s.calls.Wait()
	return err
}

// read reads requests until r ends. A call runs on the goroutine that read
// it, which first starts the next reader: the answer needs no hand-off
// between goroutines (the latency of a call), and further requests are
// read meanwhile (calls in flight at once).
func (s *server) read(ctx context.Context) {
	for {
		msg, err := subproc.ReadFrame(s.r)
		if errors.Is(err, io.EOF) {
			s.done <- nil
			return
		}
		if err != nil {
			s.done <- err
			return
		}
		m, _ := msg.(map[string]any)
		if m["type"] == TypeCall {
			s.calls.Add(1)
			go s.read(ctx)
			_ = s.send(s.call(ctx, m))
			s.calls.Done()
			return
		}
		if err := s.handle(m); err != nil {
			s.done <- err
			return
		}
	}
}

// server is one plugin's end of the protocol.
type server struct {
	r     io.Reader
	done  chan error // the reader's end: nil at EOF
	w     io.Writer
	wmu   sync.Mutex // one frame at a time
	ops   map[string]Op
	desc  Description
	calls sync.WaitGroup
}

// describe is the answer to describe for ops.
func describe(ops []Op) Description {
	d := Description{Type: TypeDescribe, Version: Version, Operators: make([]OpInfo, len(ops))}
	for i, op := range ops {
		d.Operators[i] = OpInfo{Name: op.Name, Doc: op.Doc, Params: op.Params, Result: op.Result, Pure: op.Pure, Batchable: op.Batchable}
		if d.Operators[i].Params == nil {
			d.Operators[i].Params = []Param{}
		}
	}
	return d
}

// handle answers a request other than a call.
func (s *server) handle(m map[string]any) error {
	if m["type"] == TypeDescribe {
		return s.send(s.desc)
	}
	return s.send(failure(m["id"], &Error{Class: "ProtocolError", Message: fmt.Sprintf("unknown request %v (this plugin speaks protocol version %d)", m["type"], Version)}))
}

// call runs one call request and returns its answer.
func (s *server) call(ctx context.Context, m map[string]any) map[string]any {
	name, _ := m["op"].(string)
	op, ok := s.ops[name]
	if !ok || op.Func == nil {
		return failure(m["id"], &Error{Class: "ProtocolError", Message: "this plugin has no operator " + name})
	}
	args, _ := m["args"].(map[string]any)
	v, err := run(ctx, op, args)
	if err != nil {
		return failure(m["id"], err)
	}
	return map[string]any{"type": TypeResult, "id": m["id"], "value": v}
}

// run calls op, turning a panic into its error.
func run(ctx context.Context, op Op, args Args) (v any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &Error{Class: "PluginPanic", Message: fmt.Sprint(r)}
		}
	}()
	return op.Func(ctx, args)
}

// failure is the error answer to request id.
func failure(id any, err error) map[string]any {
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Class: "PluginError", Message: err.Error()}
	}
	return map[string]any{"type": TypeError, "id": id, "error": map[string]any{"class": e.Class, "message": e.Message, "details": e.Details}}
}

// send writes one message.
func (s *server) send(v any) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return subproc.WriteFrame(s.w, v)
}
