package pyfunc

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
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
	h := sha256.New()
	for _, s := range append([]string{interp, st.ModTime().String(), strconv.FormatInt(st.Size(), 10), module, introspectSource, string(src)}, c.Path...) {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// cacheDir is where answers are kept, or "" when nowhere.
func (c *Config) cacheDir() string {
	if c.CacheDir != "" {
		return c.CacheDir
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "flowspec", "pyfunc")
}

// describe returns Python's answer about module, from the cache when it
// holds one for the module's current content.
func (c *Config) describe(module string) (*Module, error) {
	key, dir := c.cacheKey(module), c.cacheDir()
	path := filepath.Join(dir, key+".json")
	if key != "" && dir != "" {
		if b, err := os.ReadFile(path); err == nil {
			if m, err := decodeModule(b); err == nil {
				return m, nil
			}
		}
	}
	m, err := c.introspect(module)
	if err != nil || key == "" || dir == "" {
		return m, err
	}
	store(dir, path, m)
	return m, nil
}

// store writes m to path through a temporary file, so a concurrent reader
// never sees half an answer. A cache that cannot be written is only slower.
func store(dir, path string, m *Module) {
	b, err := json.Marshal(m)
	if err != nil || os.MkdirAll(dir, 0o755) != nil {
		return
	}
	f, err := os.CreateTemp(dir, "answer-*")
	if err != nil {
		return
	}
	_, werr := f.Write(b)
	if cerr := f.Close(); werr != nil || cerr != nil {
		os.Remove(f.Name())
		return
	}
	if os.Rename(f.Name(), path) != nil {
		os.Remove(f.Name())
	}
}
