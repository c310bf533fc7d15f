package main

import (
	"time"

	"github.com/flowspec/flowspec/spec"
	"github.com/urfave/cli/v2"
)

// fromFlag is --from, the time schedule and diff count fire times from.
var fromFlag = &cli.StringFlag{Name: "from", Usage: "start from this `TIME` instead of now (2026-03-07T00:00:00Z, or \"2026-03-07 00:00\" in local time)"}

// fromTime reads --from, or now when it is not given.
func fromTime(c *cli.Context) (time.Time, error) {
	s := c.String("from")
	if s == "" {
		return time.Now(), nil
	}
	t, err := spec.ParseTime(s, time.Local)
	if err != nil {
		return t, exitf(kindInvalid, "--from: %v; write e.g. 2026-03-07T00:00:00Z or \"2026-03-07 00:00\"", err)
	}
	return t, nil
}
