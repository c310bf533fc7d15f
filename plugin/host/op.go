package host

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/flowspec/flowspec/internal/subproc"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/plugin"
	"github.com/flowspec/flowspec/value"
)

// lastID numbers call requests; ids are unique in the flowspec process.
var lastID atomic.Int64

// op builds the operator for one described operator. Its parameters are
// typed, so validate checks a task's arguments as it does a built-in's. An
// operator that is not batchable is Isolated: each call a task of its own,
// with its own timeout and retries.
func (p *Provider) op(info plugin.OpInfo) (*operator.Op, error) {
	name := p.pl.Name + "." + info.Name
	params := make([]operator.Param, len(info.Params))
	for i, prm := range info.Params {
		def, err := value.Normalize(prm.Default)
		if err != nil {
			return nil, p.badDescribe(fmt.Sprintf("operator %s: the default of %s: %v", info.Name, prm.Name, err))
		}
		params[i] = operator.Param{Name: prm.Name, Type: typeOf(prm.Type), Required: prm.Required, Default: def, Doc: prm.Doc}
	}
	op := &operator.Op{
		Name: name, Doc: info.Doc, Params: params, Result: typeOf(info.Result),
		Pure: info.Pure, Cheap: info.Pure && info.Batchable, Isolated: !info.Batchable,
	}
	op.Python = p.shim(name, info.Name, params)
	op.Go = func(ctx context.Context, args []any) (any, error) {
		m := make(map[string]any, len(params))
		for i, prm := range params {
			m[prm.Name] = args[i]
		}
		return p.call(ctx, name, info.Name, m)
	}
	return op, nil
}

// typeOf is a described type as flowspec's ("" is any).
func typeOf(t string) value.Type {
	if t == "" {
		return value.Any
	}
	return value.Type(t)
}

// call runs one call on a process of the pool and reads its answer.
func (p *Provider) call(ctx context.Context, name, short string, args map[string]any) (any, error) {
	id := lastID.Add(1)
	inStep := func(reply any) error {
		if got, ok := idOf(replyID(reply)); !ok || got != id {
			return fmt.Errorf("%s answered call %d with %s, which is not an answer to it (docs/PLUGINS.md); the process was restarted", p.who(), id, clip(reply))
		}
		return nil
	}
	reply, err := p.workers().CallChecked(ctx, name, map[string]any{"type": plugin.TypeCall, "id": id, "op": short, "args": args}, inStep)
	var exit *subproc.Exit
	if errors.As(err, &exit) {
		return nil, fmt.Errorf("%s %s", p.who(), exitText(exit))
	}
	if err != nil {
		return nil, err
	}
	return p.answer(id, reply)
}

// exitText words how a process ended mid-exchange, with its last log lines.
func exitText(e *subproc.Exit) string {
	msg := fmt.Sprintf("running %s %s during the call", e.Op, e.How)
	if e.Corrupt {
		msg = fmt.Sprintf("running %s %s: its stdout carries the protocol, so it must log to stderr", e.Op, e.How)
	}
	if e.Tail != "" {
		msg += "; its last output:\n" + e.Tail
	}
	return msg
}

// answer turns the reply to call id into its value or the operator's error.
func (p *Provider) answer(id int64, reply any) (any, error) {
	m, _ := reply.(map[string]any)
	switch m["type"] {
	case plugin.TypeResult:
		return value.Normalize(m["value"])
	case plugin.TypeError:
		return nil, callError(m["error"])
	}
	return nil, fmt.Errorf("%s answered call %d with type %v, neither result nor error (docs/PLUGINS.md)", p.who(), id, m["type"])
}

// replyID is a reply's id field, if the reply is a map at all.
func replyID(reply any) any {
	m, _ := reply.(map[string]any)
	return m["id"]
}

// idOf reads a message's id: msgpack writes small positive integers
// unsigned, so it may decode as either sign.
func idOf(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case uint64:
		return int64(x), x <= 1<<62
	}
	return 0, false
}

// callError is the error an operator answered with. Its class is the
// plugin's when it is an identifier (the Dask shim raises a class of that
// name), else PluginError.
func callError(v any) error {
	m, _ := v.(map[string]any)
	class, _ := m["class"].(string)
	msg, _ := m["message"].(string)
	if !opName.MatchString(class) {
		class = "PluginError"
	}
	return &plugin.Error{Class: class, Message: msg, Details: m["details"]}
}

// clip renders a reply for a message, at most 200 bytes of it.
func clip(v any) string {
	s := fmt.Sprintf("%v", v)
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}
