package store

import (
	"context"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/compiler/optimize"
)

// finish loads the stored values the re-run tasks read and builds the
// preloaded graph and the new run's starting record.
func (p *resumePlan) finish(ctx context.Context, s Store) (*Resume, error) {
	res := &Resume{Unended: p.prev.State == StateRunning}
	drop := make([]bool, len(p.g.Tasks))
	values := map[int32]any{}
	base := map[string]*Group{}
	for _, grp := range p.g.Groups {
		base[grp.Name] = &Group{Name: grp.Name, Op: grp.Op, Pos: grp.Range.String(), Size: grp.Size}
	}
	for i := range p.g.Tasks {
		if p.rerun[i] {
			if p.done[i] {
				res.Needed = append(res.Needed, p.g.Key(i).String())
			}
			continue
		}
		drop[i], res.Reused = true, res.Reused+1
		grp := p.g.GroupOf(i)
		b := base[grp.Name]
		b.Counts.Reused++
		b.Done.Set(int(p.g.Tasks[i].Index))
		if h := p.storedHash(int32(i)); h != "" {
			res.Carry = append(res.Carry, Result{Group: grp.Name, Index: max(int(p.g.Tasks[i].Index), 0), Hash: h})
		}
	}
	if err := p.loadNeeded(ctx, s, drop, values); err != nil {
		return nil, err
	}
	for k, h := range p.outHash {
		v, err := s.Value(ctx, h)
		if err != nil {
			return nil, err
		}
		p.outputs[k] = v
	}
	for _, grp := range p.g.Groups {
		res.Base = append(res.Base, *base[grp.Name])
	}
	res.Graph = optimize.Preload(p.g, drop, values, p.outputs)
	return res, nil
}

// loadNeeded reads the stored results that kept tasks and outputs read
// from dropped tasks.
func (p *resumePlan) loadNeeded(ctx context.Context, s Store, drop []bool, values map[int32]any) error {
	load := func(r int32) error {
		if !drop[r] {
			return nil
		}
		if _, ok := values[r]; ok {
			return nil
		}
		v, err := s.Value(ctx, p.storedHash(r))
		values[r] = v
		return err
	}
	visit := func(a *compiler.Arg) error {
		for _, r := range refsOf(a) {
			if err := load(r); err != nil {
				return err
			}
		}
		return nil
	}
	for i := range p.g.Tasks {
		if drop[i] {
			continue
		}
		for k := range p.g.Tasks[i].Args {
			if err := visit(&p.g.Tasks[i].Args[k]); err != nil {
				return err
			}
		}
		if w := p.g.GroupOf(i).Options.When; w != nil {
			if err := visit(w); err != nil {
				return err
			}
		}
	}
	for k := range p.g.Outputs {
		if _, whole := p.outHash[k]; !whole {
			if err := visit(&p.g.Outputs[k].Value); err != nil {
				return err
			}
		}
	}
	return nil
}
