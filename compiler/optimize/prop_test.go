package optimize

import (
	"fmt"
	"math/rand"
	"reflect"
	"testing"

	"github.com/flowspec/flowspec/compiler"
)

// TestOptimizeRandomGraphs is a property test: for random graphs of
// chains, fan-outs, duplicates and reductions, every optimization setting
// keeps the invariants and the outputs of the unoptimized graph.
func TestOptimizeRandomGraphs(t *testing.T) {
	settings := map[string]Options{
		"default": {Threads: 1}, "all": {Level: LevelAll, Threads: 2},
		"no-fuse": {Threads: 1, Passes: map[string]bool{"fuse": false}},
	}
	for _, p := range PassNames() {
		settings[p] = only(p)
	}
	for seed := int64(1); seed <= 300; seed++ {
		g := randomGraph(t, rand.New(rand.NewSource(seed)))
		reg := newBuilder(t).reg
		want := evalGraph(t, g, reg)
		for name, opts := range settings {
			out, _, err := Run(g, reg, opts)
			if err != nil {
				t.Fatalf("seed %d, %s: %v", seed, name, err)
			}
			if err := Check(out); err != nil {
				t.Fatalf("seed %d, %s: %v", seed, name, err)
			}
			if got := evalGraph(t, out, reg); !reflect.DeepEqual(got, want) {
				t.Fatalf("seed %d, %s: outputs\n%v\nwant\n%v", seed, name, got, want)
			}
		}
	}
}

// randomGraph builds a graph of 4 to 16 groups over small ints.
func randomGraph(t testing.TB, r *rand.Rand) *compiler.Graph {
	b := newBuilder(t)
	sizes := []int{0, 1, 2, 3, 5, 70, 150}
	var mapped, scalars []int
	pick := func(l []int) int { return l[r.Intn(len(l))] }
	mapped = append(mapped, b.source(r, sizes[r.Intn(len(sizes))]))
	for n := 3 + r.Intn(13); n > 0; n-- {
		switch k := r.Intn(7); {
		case k == 0:
			mapped = append(mapped, b.source(r, pick(sizes)))
		case k == 1:
			mapped = append(mapped, b.unary(r, pick(mapped)))
		case k == 2:
			if gi, ok := b.binary(r, pick(mapped), pick(mapped)); ok {
				mapped = append(mapped, gi)
			}
		case k == 3:
			mapped = append(mapped, b.duplicate(pick(mapped)))
		case k == 4:
			scalars = append(scalars, b.reduce(r, pick(mapped)))
		case k == 5 && len(scalars) > 0:
			scalars = append(scalars, b.scalar(r, pick(scalars), pick(mapped)))
		default:
			scalars = append(scalars, b.reduce(r, pick(mapped)))
		}
	}
	b.randomOutputs(r, mapped, scalars)
	return b.g
}

func (b *builder) name(prefix string) string { return fmt.Sprintf("%s%d", prefix, len(b.g.Groups)) }

// source maps inc or dec over small constants.
func (b *builder) source(r *rand.Rand, n int) int {
	op := []string{"inc", "dec"}[r.Intn(2)]
	off := int64(r.Intn(5))
	return b.group(b.name(op), op, n, func(e int) []compiler.Arg { return []compiler.Arg{num(int64(e)%7 - 3 + off), zeroDelay()} })
}

// unary applies inc, dec or neg element-wise.
func (b *builder) unary(r *rand.Rand, src int) int {
	op := []string{"inc", "dec", "neg"}[r.Intn(3)]
	return b.group(b.name(op), op, b.g.Groups[src].Size, func(e int) []compiler.Arg {
		if op == "neg" {
			return []compiler.Arg{b.elem(src, e)}
		}
		return []compiler.Arg{b.elem(src, e), zeroDelay()}
	})
}

// binary adds two groups of one size element-wise.
func (b *builder) binary(r *rand.Rand, x, y int) (int, bool) {
	if b.g.Groups[x].Size != b.g.Groups[y].Size {
		return 0, false
	}
	return b.group(b.name("add"), "add", b.g.Groups[x].Size, func(e int) []compiler.Arg {
		return []compiler.Arg{b.elem(x, e), b.elem(y, e), zeroDelay()}
	}), true
}

// duplicate repeats a group's calls, for cse.
func (b *builder) duplicate(src int) int {
	grp := b.g.Groups[src]
	return b.group(b.name(grp.Op), grp.Op, grp.Size, func(e int) []compiler.Arg {
		return b.g.Tasks[grp.First+e].Args
	})
}

// reduce sums, or takes the min or max of, a group's whole list, or of
// some of its elements and a constant.
func (b *builder) reduce(r *rand.Rand, src int) int {
	op := []string{"sum", "min", "max", "sum"}[r.Intn(4)]
	list := b.all(src)
	if r.Intn(3) == 0 && b.g.Groups[src].Size > 0 {
		list = compiler.Arg{Kind: compiler.List, Items: []compiler.Arg{b.elem(src, 0), num(2), b.elem(src, b.g.Groups[src].Size-1)}}
	}
	return b.group(b.name(op), op, -1, func(int) []compiler.Arg { return []compiler.Arg{list} })
}

// scalar combines a scalar and an element with add or mul.
func (b *builder) scalar(r *rand.Rand, s, m int) int {
	y := num(1)
	if b.g.Groups[m].Size > 0 {
		y = b.elem(m, 0)
	}
	if r.Intn(2) == 0 {
		return b.group(b.name("mul"), "mul", -1, func(int) []compiler.Arg { return []compiler.Arg{b.elem(s, 0), y} })
	}
	return b.group(b.name("add"), "add", -1, func(int) []compiler.Arg { return []compiler.Arg{b.elem(s, 0), y, zeroDelay()} })
}

// randomOutputs reads some groups at the end (or none).
func (b *builder) randomOutputs(r *rand.Rand, mapped, scalars []int) {
	for _, gi := range mapped {
		if r.Intn(4) == 0 {
			b.output(b.g.Groups[gi].Name, b.all(gi))
		}
	}
	for _, gi := range scalars {
		if r.Intn(2) == 0 {
			b.output(b.g.Groups[gi].Name, b.elem(gi, 0))
		}
	}
}
