package pyfunc

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/flowspec/flowspec/internal/subproc"
)

// Introspection answers are cached by what decides them: the interpreter
// (its resolved path, size and modification time), the module's name and
// file content, and the search path. Only modules found on the search path
// are cached: an installed package's file is not looked for here, so it is
// asked afresh each time.

// moduleFile finds module's source on the search path: a.b is a/b.py or
// a/b/__init__.py under one of dirs. It returns "" when there is none.
func moduleFile(module string, dirs []string) (file, root string) {
	rel := filepath.Join(strings.Split(module, ".")...)
	for _, d := range dirs {
		for _, f := range []string{rel + ".py", filepath.Join(rel, "__init__.py")} {
			if st, err := os.Stat(filepath.Join(d, f)); err == nil && st.Mode().IsRegular() {
				return filepath.Join(d, f), d
			}
		}
	}
	return "", ""
}

// cacheKey is the key of module's answer, or "" when it is not cached.
func (c *Config) cacheKey(module string) string {
	file, _ := moduleFile(module, c.Path)
	if file == "" || c.CacheDir == "-" {
		return ""
	}
	src, err := os.ReadFile(file)
	interp, ierr := exec.LookPath(c.Interpreter)
	if err != nil || ierr != nil {
		return ""
	}
	if r, err := filepath.EvalSymlinks(interp); err == nil {
		interp = r
	}
	st, err := os.Stat(interp)
	if err != nil {
		return ""
	}
	return subproc.Key(append([]string{interp, st.ModTime().String(), strconv.FormatInt(st.Size(), 10), module, introspectSource, string(src)}, c.Path...)...)
}

// cache is where answers are kept.
func (c *Config) cache() subproc.Cache {
	if c.CacheDir != "" {
		return subproc.Cache{Dir: c.CacheDir}
	}
	return subproc.UserCache("pyfunc")
}

// describe returns Python's answer about module, from the cache when it
// holds one for the module's current content.
func (c *Config) describe(module string) (*Module, error) {
	key, cache := c.cacheKey(module), c.cache()
	if b, ok := cache.Load(key); ok {
		if m, err := decodeModule(b); err == nil {
			return m, nil
		}
	}
	m, err := c.introspect(module)
	if err == nil {
		cache.Store(key, m)
	}
	return m, err
}
