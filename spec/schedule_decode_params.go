package spec

import "strings"

// CheckScheduleParams reports clock params that name no parameter of the
// flow, at the param's key with the closest declared name. DecodeSchedule
// cannot do it (it sees only the schedule block); a flow's loader, `flowspec
// validate` and the scheduled run call it so a typo fails before the first
// tick rather than at every run.
func CheckScheduleParams(f *Flow) Diagnostics {
	if f == nil || f.Schedule == nil {
		return nil
	}
	declared := make([]string, len(f.Params))
	for i, p := range f.Params {
		declared[i] = p.Name
	}
	var diags Diagnostics
	for _, c := range f.Schedule.Clocks {
		for _, a := range c.Params {
			if contains(declared, a.Name) {
				continue
			}
			hint := "declare it under params: first"
			if len(declared) > 0 {
				hint = "declared params: " + strings.Join(declared, ", ")
			}
			diags.Errorf(a.NameRange, suggestHint(a.Name, declared, hint), "clock param %s is not a param of the flow", quoted(a.Name))
		}
	}
	return diags
}
