package compiler_test

import (
	"path/filepath"
	"testing"

	"github.com/flowspec/flowspec/compiler"
)

// TestKeysDistinct compiles every flow the repository holds and checks the
// layout executors rely on: each task has its own key, and each group's
// tasks are the contiguous run First..First+Size, a mapped group's with
// indices 0..Size-1 and an unmapped group's alone. Two runtime expressions
// in one argument once made one unmapped group of two tasks that shared a
// key, and a Dask run waited forever for the second.
func TestKeysDistinct(t *testing.T) {
	var files []string
	for _, pattern := range []string{"testdata/golden/*.yaml", "../testdata/valid/*.yaml", "../testdata/run/*.yaml", "../examples/*.yaml"} {
		found, _ := filepath.Glob(pattern)
		files = append(files, found...)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d flows", len(files))
	}
	for _, f := range files {
		g, diags := compileFile(t, f, nil)
		if g == nil {
			t.Fatalf("%s: %s", f, diags.Error())
		}
		checkKeys(t, g)
	}
}

// checkKeys asserts that tasks have distinct keys and that groups are laid
// out as Graph documents.
func checkKeys(t *testing.T, g *compiler.Graph) {
	t.Helper()
	seen := make(map[compiler.Key]int, len(g.Tasks))
	for i := range g.Tasks {
		k := g.Key(i)
		if j, dup := seen[k]; dup {
			t.Fatalf("%s: tasks %d and %d share the key %s", g.Flow, j, i, k)
		}
		seen[k] = i
	}
	for gi, gr := range g.Groups {
		if !gr.Mapped && gr.Size != 1 {
			t.Fatalf("%s: unmapped group %s has %d tasks", g.Flow, gr.Name, gr.Size)
		}
		for e := 0; e < gr.Size; e++ {
			task := g.Tasks[gr.First+e]
			if int(task.Group) != gi || (gr.Mapped && int(task.Index) != e) {
				t.Fatalf("%s: task %d of group %s is %s", g.Flow, gr.First+e, gr.Name, g.Key(gr.First+e))
			}
		}
	}
}
