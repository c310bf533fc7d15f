package runtime

import (
	"testing"

	"github.com/flowspec/flowspec/compiler"
)

// upstreams builds three upstream tasks that end success, failed and skipped.
func upstreams(b *graphBuilder) map[string]int32 {
	ok := b.task("ok", "inc", c(int64(1)))
	bad := b.task("bad", "fail", c("broken"))
	skip := b.task("skip", "inc", c(int64(1)))
	b.opts(skip, func(o *compiler.Options) { w := c(false); o.When = &w })
	return map[string]int32{"success": ok, "failed": bad, "skipped": skip}
}

func TestTriggers(t *testing.T) {
	cases := []struct {
		trigger compiler.Trigger
		up      []string
		want    State
	}{
		{compiler.TriggerAllSuccess, nil, Success},
		{compiler.TriggerAllSuccess, []string{"success"}, Success},
		{compiler.TriggerAllSuccess, []string{"success", "failed"}, Skipped},
		{compiler.TriggerAllSuccess, []string{"success", "skipped"}, Skipped},
		{"", []string{"failed"}, Skipped}, // unset means all_success
		{compiler.TriggerAllDone, nil, Success},
		{compiler.TriggerAllDone, []string{"success", "failed", "skipped"}, Success},
		{compiler.TriggerAllDone, []string{"skipped"}, Success},
		{compiler.TriggerAnyFailed, nil, Skipped},
		{compiler.TriggerAnyFailed, []string{"success"}, Skipped},
		{compiler.TriggerAnyFailed, []string{"skipped"}, Skipped},
		{compiler.TriggerAnyFailed, []string{"success", "failed"}, Success},
		{compiler.TriggerAnyFailed, []string{"failed", "skipped"}, Success},
	}
	for _, tc := range cases {
		b := newGraph()
		up := upstreams(b)
		x := b.task("x", "inc", c(int64(0)))
		for _, name := range tc.up {
			b.after(x, up[name])
		}
		b.opts(x, func(o *compiler.Options) { o.Trigger = tc.trigger })
		_, rec := runGraph(t, b.graph(), 2)
		if got := rec.final(t, x); got != tc.want {
			t.Errorf("trigger %q after %v: %v, want %v", tc.trigger, tc.up, got, tc.want)
		}
	}
}

func TestTriggersPropagateSkips(t *testing.T) {
	b := newGraph()
	bad := b.task("bad", "fail", c("broken"))
	a := b.task("a", "id", ref(bad))           // all_success: skipped
	s := b.task("s", "id", ref(a))             // all_success after a skip: skipped
	cleanup := b.task("cleanup", "id", ref(s)) // all_done: runs, reads nil
	alarm := b.task("alarm", "id", ref(s))     // any_failed, upstream skipped: skipped
	alert := b.task("alert", "id", ref(bad))   // any_failed, upstream failed: runs
	b.opts(cleanup, func(o *compiler.Options) { o.Trigger = compiler.TriggerAllDone })
	b.opts(alarm, func(o *compiler.Options) { o.Trigger = compiler.TriggerAnyFailed })
	b.opts(alert, func(o *compiler.Options) { o.Trigger = compiler.TriggerAnyFailed })
	b.output("cleanup", ref(cleanup))
	res, rec := runGraph(t, b.graph(), 2)
	want := map[int32]State{bad: Failed, a: Skipped, s: Skipped, cleanup: Success, alarm: Skipped, alert: Success}
	for i, st := range want {
		if got := rec.final(t, i); got != st {
			t.Errorf("%s: %v, want %v", b.g.Key(int(i)), got, st)
		}
	}
	if o := res.Outputs[0]; !o.OK || o.Value != nil {
		t.Errorf("all_done task reading a skipped upstream: %+v, want nil", o)
	}
	if res.Counts[Skipped] != 3 || res.Counts[Failed] != 1 || res.Counts[Success] != 2 {
		t.Errorf("counts %v", res.Counts)
	}
	for _, i := range []int32{a, s, alarm} {
		if got := rec.states(i); len(got) != 1 {
			t.Errorf("skipped %s has events %v; a skipped task never runs", b.g.Key(int(i)), got)
		}
	}
	checkCausalOrder(t, b.graph(), rec)
}

func TestWhen(t *testing.T) {
	cases := []struct {
		when compiler.Arg
		want State
		msg  string
	}{
		{c(true), Success, ""},
		{c(false), Skipped, ""},
		{c(nil), Skipped, ""},
		{c(int64(5)), Failed, "when: expected true or false, got int 5"},
		{c("yes"), Failed, `when: expected true or false, got string "yes"`},
	}
	for _, tc := range cases {
		b := newGraph()
		x := b.task("x", "inc", c(int64(1)))
		b.opts(x, func(o *compiler.Options) { w := tc.when; o.When = &w })
		next := b.task("next", "inc", ref(x))
		res, rec := runGraph(t, b.graph(), 1)
		if got := rec.final(t, x); got != tc.want {
			t.Errorf("when %v: %v, want %v", tc.when.Value, got, tc.want)
		}
		if tc.want != Success && rec.final(t, next) != Skipped {
			t.Errorf("when %v: dependent not skipped", tc.when.Value)
		}
		if tc.msg != "" && (len(res.Errors) != 1 || res.Errors[0].Message != tc.msg) {
			t.Errorf("when %v: errors %q, want %q", tc.when.Value, errorMessages(res), tc.msg)
		}
	}
}

func TestWhenReadsUpstream(t *testing.T) {
	b := newGraph()
	open := b.task("open", "id", c(true))
	shut := b.task("shut", "id", c(false))
	y := b.task("y", "inc", c(int64(41)))
	z := b.task("z", "inc", c(int64(41)))
	b.opts(y, func(o *compiler.Options) { w := ref(open); o.When = &w })
	b.opts(z, func(o *compiler.Options) { w := ref(shut); o.When = &w })
	b.output("y", ref(y))
	res, rec := runGraph(t, b.graph(), 2)
	if res.Outputs[0].Value != int64(42) || rec.final(t, z) != Skipped {
		t.Errorf("y = %v (want 42), z %v (want skipped)", res.Outputs[0].Value, rec.final(t, z))
	}
	checkCausalOrder(t, b.graph(), rec)
}
