package optimize

import (
	"strings"
	"testing"

	"github.com/flowspec/flowspec/compiler"
)

// shellArgs are the shell operator's arguments for cmd, defaults elsewhere.
func shellArgs(cmd ...any) []compiler.Arg {
	c := func(v any) compiler.Arg { return compiler.Arg{Kind: compiler.Const, Value: v} }
	return []compiler.Arg{c(cmd), c(""), c(map[string]any{}), c(""), c(""), c("text"), num(64 << 20)}
}

// TestIsolatedOperatorsStayTasks checks that every pass leaves shell calls
// alone: not merged when equal (cse), kept when unread (cull), never fused
// into their reader nor batched, even when the group asks for batches.
func TestIsolatedOperatorsStayTasks(t *testing.T) {
	b := newBuilder(t)
	echo := b.group("echo", "shell", 300, func(e int) []compiler.Arg { return shellArgs("echo", int64(e)) })
	b.g.Groups[echo].Batch = compiler.BatchAuto
	up := b.group("up", "upper", 300, func(e int) []compiler.Arg { return []compiler.Arg{b.elem(echo, e)} })
	joined := b.group("joined", "join", -1, func(int) []compiler.Arg { return []compiler.Arg{b.all(up), {Kind: compiler.Const, Value: ","}} })
	b.group("same1", "shell", -1, func(int) []compiler.Arg { return shellArgs("date") })
	b.group("same2", "shell", -1, func(int) []compiler.Arg { return shellArgs("date") })
	b.group("unread", "shell", -1, func(int) []compiler.Arg { return shellArgs("true") })
	b.output("joined", b.elem(joined, 0))
	for _, opts := range []Options{{Threads: 2}, {Level: LevelAll, Threads: 2}} {
		out, _ := optimized(t, b.g, b.reg, opts)
		shells := map[string]*compiler.Group{}
		for _, grp := range out.Groups {
			if grp.Op == "shell" {
				shells[grp.Name] = grp
			}
			if strings.HasPrefix(grp.Op, "fused_") && strings.Contains(grp.Op, "shell") {
				t.Errorf("level %v: shell fused into %s", opts.Level, grp.Op)
			}
		}
		for _, name := range []string{"echo", "same1", "same2", "unread"} {
			if shells[name] == nil {
				t.Errorf("level %v: shell task %s was optimized away", opts.Level, name)
			}
		}
		if e := shells["echo"]; e != nil && (e.Size != 300 || e.Stride != 0 || out.Tasks[e.First].Each) {
			t.Errorf("level %v: echo was batched: size %d, stride %d", opts.Level, e.Size, e.Stride)
		}
	}
}
