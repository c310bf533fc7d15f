package pyfunc

import (
	"fmt"
	"io"
	"path/filepath"
)

// EnvInterpreter names the environment variable that chooses the
// interpreter, below --python and above the flow file.
const EnvInterpreter = "FLOWSPEC_PYTHON"

// defaultInterpreter is used when nothing names one.
const defaultInterpreter = "python3"

// Config is where a flow's Python comes from: the interpreter (with the
// source that chose it, for --explain-config) and the module search path.
type Config struct {
	Interpreter string
	// Source says which setting chose the interpreter: "--python",
	// FLOWSPEC_PYTHON, the flow file's position, or "default".
	Source string
	// Path holds absolute directories searched for modules, in order.
	Path []string
	// CacheDir holds introspection answers; "" means the user's cache
	// directory (os.UserCacheDir()/flowspec), and "-" turns caching off.
	CacheDir string
	// Workers caps the in-process worker processes; 0 means one per CPU.
	Workers int
	// Stderr receives the workers' output (their prints included),
	// prefixed with the operator; nil means os.Stderr.
	Stderr io.Writer
}

// Inputs are the settings Resolve chooses between.
type Inputs struct {
	Flag string // --python
	Env  string // FLOWSPEC_PYTHON
	// FileInterpreter and FilePath are the flow's python: interpreter: and
	// path:, FileWhere its position (file:line:col) for --explain-config.
	FileInterpreter string
	FilePath        []string
	FileWhere       string
	Dir             string // the flow file's directory
}

// Resolve settles the interpreter (flag > environment > file > python3 on
// PATH) and the search path (the file's python: path, relative to the flow
// file, else the flow's directory).
func Resolve(in Inputs) Config {
	c := Config{Interpreter: defaultInterpreter, Source: "default"}
	switch {
	case in.Flag != "":
		c.Interpreter, c.Source = in.Flag, "--python"
	case in.Env != "":
		c.Interpreter, c.Source = in.Env, EnvInterpreter
	case in.FileInterpreter != "":
		c.Interpreter, c.Source = fileRelative(in.Dir, in.FileInterpreter), in.FileWhere
	}
	if len(in.FilePath) > 0 {
		for _, p := range in.FilePath {
			c.Path = append(c.Path, absolute(in.Dir, p))
		}
	} else {
		c.Path = []string{absolute(in.Dir, ".")}
	}
	return c
}

// fileRelative resolves an interpreter the file names: a bare command stays
// one (found on PATH), a path is relative to the flow file.
func fileRelative(dir, p string) string {
	if filepath.Base(p) == p {
		return p
	}
	return absolute(dir, p)
}

// absolute is p relative to dir, made absolute.
func absolute(dir, p string) string {
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// Explain writes the Python settings as dask.Config.Explain writes the
// executor's: "name = value (source)".
func (c *Config) Explain(w io.Writer) error {
	if _, err := fmt.Fprintf(w, "%-13s = %s (%s)\n", "python", c.Interpreter, c.Source); err != nil {
		return err
	}
	for _, p := range c.Path {
		if _, err := fmt.Fprintf(w, "%-13s = %s\n", "python_path", p); err != nil {
			return err
		}
	}
	return nil
}
