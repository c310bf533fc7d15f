package builtins

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/flowspec/flowspec/value"
)

// checkDir refuses a working directory that is not one, before anything
// starts, so the message names dir and not a failed exec.
func (c *shellCall) checkDir() error {
	if c.dir == "" {
		return nil
	}
	fi, err := os.Stat(c.dir)
	switch {
	case err != nil:
		return fmt.Errorf("dir %s does not exist", value.Quote(c.dir))
	case !fi.IsDir():
		return fmt.Errorf("dir %s is not a directory", value.Quote(c.dir))
	}
	return nil
}

// resolve finds the program argv[0] names, as a shell would: a name with a
// slash is a path (relative to dir), any other is looked up in the PATH of
// the command's own environment. Doing it here, not in exec, gives one
// wording on both executors.
func (c *shellCall) resolve() (string, error) {
	name := c.argv[0]
	if strings.Contains(name, "/") {
		p := c.within(name)
		return p, executable(name, p)
	}
	for _, d := range filepath.SplitList(lookupEnv(c.env, "PATH")) {
		if d == "" {
			d = "."
		}
		p := c.within(filepath.Join(d, name))
		if executable(name, p) == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("command %s not found (not in PATH)", value.Quote(name))
}

// within makes p absolute, reading a relative p from dir.
func (c *shellCall) within(p string) string {
	if !filepath.IsAbs(p) && c.dir != "" {
		p = filepath.Join(c.dir, p)
	}
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// executable checks that p, the program called name, can be started.
func executable(name, p string) error {
	fi, err := os.Stat(p)
	switch {
	case err != nil:
		return fmt.Errorf("command %s not found", value.Quote(name))
	case fi.IsDir():
		return fmt.Errorf("command %s is a directory", value.Quote(name))
	case fi.Mode().Perm()&0o111 == 0:
		return fmt.Errorf("command %s is not executable", value.Quote(name))
	}
	return nil
}
