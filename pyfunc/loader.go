package pyfunc

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

//go:embed loader.py
var loaderTemplate string

// loader returns the Python source of operator name for Dask workers: the
// loader template with its constants, ending in the function the lowering
// calls by the operator's name (see dask/lower/sources.go).
func (p *Provider) loader(name, module, fn string, c *callShape) string {
	source, file, key := "None", "", "flowspec_py_"+strings.ReplaceAll(module, ".", "_")
	if path, root := moduleFile(module, p.cfg.Path); path != "" {
		if src, err := os.ReadFile(path); err == nil {
			rel, _ := filepath.Rel(root, path)
			file, source = filepath.ToSlash(rel), strconv.Quote(string(src))
			sum := sha256.Sum256(src)
			key += "_" + hex.EncodeToString(sum[:6])
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "MODULE = %s\nFUNCTION = %s\nKEY = %s\nFILE = %s\nSOURCE = %s\nPOSITIONAL = %d\n",
		strconv.Quote(module), strconv.Quote(fn), strconv.Quote(key), strconv.Quote(file), source, c.pos)
	b.WriteString("NAMES = [")
	for _, prm := range c.params {
		b.WriteString(strconv.Quote(prm.Name) + ", ")
	}
	b.WriteString("]\nOMIT = [")
	for _, o := range c.omit {
		b.WriteString(map[bool]string{true: "True, ", false: "False, "}[o])
	}
	b.WriteString("]\n")
	b.WriteString(loaderTemplate)
	fmt.Fprintf(&b, "\nglobals()[%s] = _flowspec_call\n", strconv.Quote(name))
	return b.String()
}
