package main

import (
	"encoding/json"
	"os"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/internal/address"
	"github.com/flowspec/flowspec/runtime"
	"github.com/urfave/cli/v2"
)

// display shows one run to people or machines: live progress on stderr while
// it runs; then outputs on stdout (so `flowspec run f.yaml > out` captures
// just them) and the summary on stderr; or, with --format json, one JSON
// document on stdout.
type display struct {
	sink     runtime.Sink
	tally    *runtime.Tally
	progress *runtime.Progress
	json     bool
	executor string
	noProg   bool
	stdout   *os.File
	stderr   *os.File
}

// newDisplay prepares the display for a run of g.
func newDisplay(c *cli.Context, g *compiler.Graph, executor string) *display {
	d := &display{json: c.String("format") == "json", executor: executor, noProg: c.Bool("no-progress"), stdout: os.Stdout, stderr: os.Stderr}
	mode := runtime.ProgressAuto
	if d.noProg || d.json {
		mode = runtime.ProgressOff
	}
	if mode != runtime.ProgressOff {
		d.progress = runtime.NewProgress(d.stderr, g, runtime.ProgressOptions{})
		d.sink = d.progress.Sink()
	}
	if d.json {
		d.tally = runtime.NewTally(g)
		d.sink = d.tally.Sink(d.sink)
	}
	return d
}

// finish closes the progress display and reports res, or, when the run
// could not start (res nil), runErr: as the JSON result with --format json,
// so a script reading stdout always gets one saying ok or not; on stderr
// through the exit error otherwise. It returns the first error writing the
// report, so a result that did not reach stdout does not pass for a clean
// run.
func (d *display) finish(res *runtime.Result, runErr error) error {
	if d.progress != nil {
		d.progress.Close()
	}
	if res == nil {
		if !d.json || runErr == nil {
			return nil
		}
		res = &runtime.Result{Executor: d.executor, Err: runErr}
	}
	if d.json {
		enc := json.NewEncoder(d.stdout)
		enc.SetIndent("", "  ")
		j := redactedJSON(res)
		if d.tally != nil {
			j.Groups = d.tally.Groups()
		}
		return enc.Encode(j)
	}
	if d.progress == nil {
		_ = runtime.WriteErrors(d.stderr, res) // diagnostics; stdout carries the result
	}
	err := runtime.WriteOutputs(d.stdout, res)
	_ = runtime.WriteSummary(d.stderr, res)
	return err
}

// redactedJSON is res as --format json prints it, with any address's
// password masked in the run's error and the task errors.
func redactedJSON(res *runtime.Result) runtime.ResultJSON {
	j := res.JSON()
	j.Error = address.Redact(j.Error)
	for i := range j.Errors {
		j.Errors[i].Message = address.Redact(j.Errors[i].Message)
	}
	return j
}
