package main

import (
	"github.com/flowspec/flowspec/schemas"
	"github.com/urfave/cli/v2"
)

func schemaCommand() *cli.Command {
	return &cli.Command{
		Name:  "schema",
		Usage: "print the JSON schema of flow files, for editors and CI",
		Description: `Prints the JSON schema (draft 2020-12) this flowspec validates flows with,
the same bytes as schemas/flowspec.schema.json at this release. Its $id,
` + schemas.FlowID + `,
names the language version it describes.

Examples:
   flowspec schema > .flowspec.schema.json
   # then, first line of a flow, for yaml-language-server:
   # yaml-language-server: $schema=.flowspec.schema.json`,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return exitf(kindInvalid, "schema: takes no argument (it prints the schema of every flow)")
			}
			_, err := c.App.Writer.Write(schemas.Flow)
			return err
		},
	}
}
