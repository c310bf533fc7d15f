package main

import (
	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/plugin/host"
	"github.com/flowspec/flowspec/schemas"
	"github.com/flowspec/flowspec/spec"
	"github.com/urfave/cli/v2"
)

func schemaCommand() *cli.Command {
	return &cli.Command{
		Name:      "schema",
		Usage:     "print the JSON schema of flow files, for editors and CI",
		ArgsUsage: "[FLOW]",
		Description: `Prints the JSON schema (draft 2020-12) this flowspec validates flows with,
the same bytes as schemas/flowspec.schema.json at this release. Its $id,
` + schemas.FlowID + `,
names the language version it describes. Given a flow, the schema's
operator list also holds the operators of the plugins that flow uses
(geo.area), so an editor completes them.

Examples:
   flowspec schema > .flowspec.schema.json
   # then, first line of a flow, for yaml-language-server:
   # yaml-language-server: $schema=.flowspec.schema.json
   flowspec schema flow.yaml > .flow.schema.json`,
		Action: func(c *cli.Context) error {
			switch c.NArg() {
			case 0:
				_, err := c.App.Writer.Write(schemas.Flow)
				return err
			case 1:
				b, err := pluginSchema(c.Args().First())
				if err != nil {
					return err
				}
				_, err = c.App.Writer.Write(b)
				return err
			}
			return exitf(kindInvalid, "schema: name at most one flow file, e.g. flowspec schema flow.yaml")
		},
	}
}

// pluginSchema is the flow schema with the operators of file's plugins
// beside the built-ins.
func pluginSchema(file string) ([]byte, error) {
	flow := preload(file)
	if flow == nil {
		return nil, exitf(kindInvalid, "schema: cannot read %s as a flow (flowspec validate %s says why)", file, file)
	}
	reg, err := builtins.All()
	if err != nil {
		return nil, err
	}
	defer reg.Close()
	found, _ := host.Discover(flow)
	addPlugins(reg, found, nil)
	if err := resolvePluginOps(reg); err != nil {
		return nil, exitf(kindInvalid, "%v", err)
	}
	return spec.GenerateSchema(reg)
}
