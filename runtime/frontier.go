package runtime

import "github.com/flowspec/flowspec/compiler"

// ResumeInputs lists the succeeded tasks whose results a resume of a run
// that did not finish needs: those a task that did not succeed reads
// directly, and those an output reads beside a task that did not succeed.
// It is what a failure makes necessary and no more: a run in which every
// task succeeded needs none, and a run with one failed element of a
// 10^6-element map needs that element's inputs (and the other inputs of
// the reduction the failure skipped). Executors keep these results until
// the run ends and give them in Result.ResumeInputs, so the run store can
// keep them without storing every result as the run goes.
func ResumeInputs(g *compiler.Graph, state func(int32) State) []int32 {
	seen := map[int32]bool{}
	var out []int32
	add := func(d int32) {
		if state(d) == Success && !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	for i := range g.Tasks {
		if state(int32(i)) == Success {
			continue
		}
		for _, d := range g.Tasks[i].Deps {
			add(d)
		}
	}
	for k := range g.Outputs {
		refs := outputRefs(&g.Outputs[k].Value, nil)
		for _, r := range refs {
			if state(r) != Success {
				for _, d := range refs {
					add(d)
				}
				break
			}
		}
	}
	return out
}

// outputRefs appends the tasks a reads to out.
func outputRefs(a *compiler.Arg, out []int32) []int32 {
	if a.Kind == compiler.Ref {
		return append(out, a.Ref)
	}
	for k := range a.Items {
		out = outputRefs(&a.Items[k], out)
	}
	return out
}
