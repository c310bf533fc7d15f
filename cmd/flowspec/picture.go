package main

import (
	"bytes"
	"encoding/json"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/internal/bounded"
	"github.com/flowspec/flowspec/internal/picture"
	"github.com/urfave/cli/v2"
)

// writePicture draws g as an svg or png picture, coloured by --states.
func writePicture(c *cli.Context, g *compiler.Graph, format string) error {
	states, err := readStates(c.String("states"))
	if err != nil {
		return err
	}
	var dot bytes.Buffer
	if err := g.WriteDOTStates(&dot, states); err != nil {
		return err
	}
	return picture.Render(c.Context, dot.Bytes(), format, c.App.Writer)
}

// readStates reads the per-task end states of a run's JSON result; no file
// means no colours.
func readStates(path string) (map[string]map[string]int, error) {
	if path == "" {
		return nil, nil
	}
	data, err := bounded.ReadFile(path, maxResultFile)
	if err != nil {
		return nil, exitf(kindInvalid, "--states: %v; write a run's result with flowspec run --output json FLOW > %s", err, path)
	}
	var res struct {
		Groups map[string]map[string]int `json:"groups"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		return nil, exitf(kindInvalid, "--states: %s is not a run's JSON result (%v); write one with flowspec run --output json FLOW > %s", path, err, path)
	}
	if res.Groups == nil {
		return nil, exitf(kindInvalid, "--states: %s has no groups: (task end states); write it with this flowspec's run --output json", path)
	}
	return res.Groups, nil
}

// maxResultFile bounds the run result --states reads.
const maxResultFile = 64 << 20
