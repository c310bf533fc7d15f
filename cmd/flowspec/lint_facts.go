package main

import (
	"os"
	"strings"

	"github.com/flowspec/flowspec/lint"
	"github.com/flowspec/flowspec/store"
	"github.com/urfave/cli/v2"
)

// recentRuns is how many of a flow's newest runs lint looks at for the
// longest one.
const recentRuns = 20

// lintFacts returns what validate's lint rules learn from the run store:
// the longest of a flow's recent finished runs. validate never creates a
// store (CI machines have none) and a store it cannot read only leaves the
// facts empty, since warnings are advice; the store is opened at most
// once, and closed by the second function returned.
func lintFacts(c *cli.Context) (func(flow string) lint.Facts, func()) {
	var st store.Store
	opened := false
	closeStore := func() {
		if st != nil {
			st.Close()
		}
	}
	return func(flow string) lint.Facts {
		if !opened {
			opened, st = true, existingStore(c)
		}
		if st == nil {
			return lint.Facts{}
		}
		runs, err := st.Runs(c.Context, flow)
		if err != nil {
			return lint.Facts{}
		}
		return lint.Facts{LongestRun: longest(runs)}
	}, closeStore
}

// existingStore opens the run store if there is one: a postgres:// URL, or
// a SQLite file that exists.
func existingStore(c *cli.Context) store.Store {
	loc, err := storeLocation(c)
	if err != nil || loc == store.Off {
		return nil
	}
	if !strings.Contains(loc, "://") {
		if _, err := os.Stat(loc); err != nil {
			return nil
		}
	}
	st, err := store.Open(c.Context, loc)
	if err != nil {
		return nil
	}
	return st
}

// longest is the longest of the newest recentRuns finished runs.
func longest(runs []store.Run) lint.Recorded {
	var best lint.Recorded
	for i, r := range runs {
		if i == recentRuns {
			break
		}
		if took := r.Ended.Sub(r.Started); !r.Ended.IsZero() && took > best.Took {
			best = lint.Recorded{ID: r.ID, Took: took}
		}
	}
	return best
}
