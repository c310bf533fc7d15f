package plugin_test

import (
	"context"
	"io"
	"testing"

	"github.com/flowspec/flowspec/internal/subproc"
	"github.com/flowspec/flowspec/plugin"
)

// TestServeConcurrent: calls in flight on one process run at once and are
// answered as they finish, each with its id; describe lists the operators.
func TestServeConcurrent(t *testing.T) {
	release := make(chan struct{})
	ops := []plugin.Op{
		{Name: "wait", Result: "int", Func: func(context.Context, plugin.Args) (any, error) { <-release; return int64(1), nil }},
		{Name: "go", Result: "int", Func: func(context.Context, plugin.Args) (any, error) { close(release); return int64(2), nil }},
	}
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- plugin.ServeIO(inR, outW, ops...); outW.Close() }()
	send := func(m map[string]any) {
		if err := subproc.WriteFrame(inW, m); err != nil {
			t.Fatal(err)
		}
	}
	read := func() map[string]any {
		v, err := subproc.ReadFrame(outR)
		if err != nil {
			t.Fatal(err)
		}
		return v.(map[string]any)
	}
	send(map[string]any{"type": "describe", "version": plugin.Version})
	if d := read(); d["version"] != int64(plugin.Version) || len(d["operators"].([]any)) != 2 {
		t.Fatalf("describe: %v", d)
	}
	send(map[string]any{"type": "call", "id": 1, "op": "wait", "args": map[string]any{}})
	send(map[string]any{"type": "call", "id": 2, "op": "go", "args": map[string]any{}})
	if a := read(); a["id"] != int64(2) || a["value"] != int64(2) {
		t.Fatalf("first answer: %v", a)
	}
	if a := read(); a["id"] != int64(1) || a["value"] != int64(1) {
		t.Fatalf("second answer: %v", a)
	}
	send(map[string]any{"type": "call", "id": 3, "op": "nope", "args": map[string]any{}})
	if a := read(); a["type"] != plugin.TypeError || a["error"].(map[string]any)["class"] != "ProtocolError" {
		t.Fatalf("unknown operator: %v", a)
	}
	inW.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
