package schedule

import (
	"strings"
	"testing"
	"time"

	"github.com/flowspec/flowspec/spec"
)

// TestPlanMergesClocks: ticks of several clocks come out in time order, ties
// in clock order, each with its clock's label, params and a distinct run id.
func TestPlanMergesClocks(t *testing.T) {
	sched := &spec.Schedule{Clocks: []spec.Clock{
		{Every: &spec.Duration{Duration: 20 * time.Minute}, Params: params(t, "n: 1")},
		{Cron: "0 * * * *", Timezone: "Europe/Berlin", Name: "hourly", Params: params(t, "n: 2")},
	}}
	p, err := NewPlan(sched, at12(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range p.Upcoming(Cursor{at12(0, 0), -1}, 5) {
		got = append(got, tk.Scheduled.Format("15:04 MST")+" "+tk.Label+" "+tk.RunID+" n="+valueText(ParamValues(tk.Params)["n"]))
	}
	want := []string{
		"12:00 UTC every 20m 20260601T120000Z-c1 n=1",
		"14:00 CEST hourly 20260601T120000Z-c2 n=2",
		"12:20 UTC every 20m 20260601T122000Z-c1 n=1",
		"12:40 UTC every 20m 20260601T124000Z-c1 n=1",
		"13:00 UTC every 20m 20260601T130000Z-c1 n=1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestPlanRejectsBadClock(t *testing.T) {
	_, err := NewPlan(&spec.Schedule{Clocks: []spec.Clock{{Cron: "0 * * *"}}}, t0)
	if err == nil || !strings.Contains(err.Error(), "clock 1: expected exactly 5 fields") {
		t.Errorf("err = %v", err)
	}
}
