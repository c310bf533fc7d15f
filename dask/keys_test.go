package dask

import (
	"strings"
	"testing"

	"github.com/flowspec/flowspec/dask/internal/fixture"
	"github.com/flowspec/flowspec/dask/lower"
	"github.com/flowspec/flowspec/dask/wire"
)

// TestMakeKeysRefusesUnreachableTask: before submitting, the executor
// checks that every task's key leads back to that task, in every dialect,
// so no task can wait for a report that would never name it. Lower already
// refuses such graphs; this is the last line, tried here by giving two
// groups one key prefix after lowering.
func TestMakeKeysRefusesUnreachableTask(t *testing.T) {
	for _, d := range []wire.Dialect{wire.DialectExpr, wire.DialectHLG, wire.DialectHLGStringKeys} {
		g := fixture.Seed(3)
		l, err := lower.Lower(g, fixture.Registry(t), lower.Form{Expr: d == wire.DialectExpr, StringKeys: d.StringKeys()})
		if err != nil {
			t.Fatal(err)
		}
		r := &daskRun{g: g, l: l, dialect: d}
		if err := r.makeKeys(); err != nil {
			t.Fatalf("%s: a sound graph was refused: %v", d, err)
		}
		l.Prefixes[1] = l.Prefixes[0] // dec's tasks now carry inc's keys
		r = &daskRun{g: g, l: l, dialect: d}
		err = r.makeKeys()
		if err == nil || !strings.Contains(err.Error(), "internal error: task inc[0] has the Dask key") || !strings.Contains(err.Error(), "does not lead back to it") {
			t.Errorf("%s: makeKeys = %v, want the internal error naming inc[0]", d, err)
		}
	}
}
