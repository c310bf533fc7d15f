package main

import (
	"os"
	"path/filepath"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/pyfunc"
	"github.com/flowspec/flowspec/spec"
	"github.com/urfave/cli/v2"
)

// pythonFlag chooses the interpreter for py: operators; see pyfunc.Resolve.
var pythonFlag = &cli.StringFlag{
	Name:  "python",
	Usage: "Python `INTERPRETER` for py: operators (default: FLOWSPEC_PYTHON, the file's python: interpreter, else python3)",
}

// pythonConfig settles where the flow's Python comes from: flag, the
// environment, the file's python: block.
func pythonConfig(c *cli.Context, file string, py *spec.Python) pyfunc.Config {
	in := pyfunc.Inputs{Flag: c.String("python"), Env: os.Getenv(pyfunc.EnvInterpreter), Dir: filepath.Dir(file)}
	if py != nil {
		in.FileInterpreter, in.FilePath, in.FileWhere = py.Interpreter, py.Path, py.Range.String()
	}
	return pyfunc.Resolve(in)
}

// flowRegistry is the registry one flow runs with: the built-in operators,
// its Python functions (py:MODULE.FUNCTION) resolved as cfg says, and its
// plugins' operators (NAMESPACE.OP).
func flowRegistry(cfg pyfunc.Config, flow *spec.Flow) (*operator.Registry, error) {
	reg, err := builtins.All()
	if err != nil {
		return nil, err
	}
	pyfunc.Register(reg, cfg)
	registerPlugins(reg, flow)
	return reg, nil
}

// preload reads the file without checking its operators (nil when it
// cannot be read), so the registry that checks them can be built from its
// python: and plugins: blocks.
func preload(file string) *spec.Flow {
	flow, _ := spec.Load(file, nil)
	return flow
}

// pythonBlock is the flow's python: block, or nil.
func pythonBlock(flow *spec.Flow) *spec.Python {
	if flow == nil {
		return nil
	}
	return flow.Python
}

// setPythonWorkers sizes the Python worker pool and each plugin's like the
// local executor: one process per worker slot (workers 0 means one per
// CPU for both).
func setPythonWorkers(reg *operator.Registry, workers int) {
	reg.EachProvider(func(p operator.Provider) {
		if w, ok := p.(interface{ SetWorkers(int) }); ok {
			w.SetWorkers(workers)
		}
	})
}
