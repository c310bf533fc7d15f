package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/internal/bounded"
	"github.com/urfave/cli/v2"
)

// drawProgram is the program that draws pictures (cmd/flowspec-draw). It
// is not linked into flowspec: the Graphviz it embeds compiles itself when
// a program starts, a cost every command would pay.
const drawProgram = "flowspec-draw"

// writePicture draws g as an svg or png picture, coloured by --states, by
// handing its DOT to flowspec-draw.
func writePicture(c *cli.Context, g *compiler.Graph, format string) error {
	states, err := readStates(c.String("states"))
	if err != nil {
		return err
	}
	draw, err := findDraw()
	if err != nil {
		return err
	}
	var dot, out, stderr bytes.Buffer
	if err := g.WriteDOTStates(&dot, states); err != nil {
		return err
	}
	cmd := exec.CommandContext(c.Context, draw, format)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = &dot, &out, &stderr
	if err := cmd.Run(); err != nil {
		return exitf(kindInvalid, "drawing the picture with %s: %v: %s", draw, err, strings.TrimSpace(stderr.String()))
	}
	_, err = c.App.Writer.Write(out.Bytes())
	return err
}

// findDraw returns flowspec-draw: beside this flowspec first (the two are
// installed together), else on PATH.
func findDraw() (string, error) {
	if self, err := os.Executable(); err == nil {
		beside := filepath.Join(filepath.Dir(self), drawProgram)
		if _, err := os.Stat(beside); err == nil {
			return beside, nil
		}
	}
	if p, err := exec.LookPath(drawProgram); err == nil {
		return p, nil
	}
	return "", exitf(kindInvalid, "pictures are drawn by %s, which is neither beside flowspec nor on PATH: install it with go install github.com/flowspec/flowspec/cmd/%s@latest (make build puts it in bin/), or use --format dot and Graphviz's dot", drawProgram, drawProgram)
}

// readStates reads the per-task end states of a run's JSON result; no file
// means no colours.
func readStates(path string) (map[string]map[string]int, error) {
	if path == "" {
		return nil, nil
	}
	data, err := bounded.ReadFile(path, maxResultFile)
	if err != nil {
		return nil, exitf(kindInvalid, "--states: %v; write a run's result with flowspec run --format json FLOW > %s", err, path)
	}
	var res struct {
		Groups map[string]map[string]int `json:"groups"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		return nil, exitf(kindInvalid, "--states: %s is not a run's JSON result (%v); write one with flowspec run --format json FLOW > %s", path, err, path)
	}
	if res.Groups == nil {
		return nil, exitf(kindInvalid, "--states: %s has no groups: (task end states); write it with this flowspec's run --format json", path)
	}
	return res.Groups, nil
}

// maxResultFile bounds the run result --states reads.
const maxResultFile = 64 << 20
