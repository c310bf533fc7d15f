package host

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"

	"github.com/flowspec/flowspec/operator"
)

//go:embed shim.py
var shimTemplate string

// shim returns the Python of operator name for Dask workers: the shim
// with its constants, ending in the function the lowering calls by the
// operator's name (see dask/lower/sources.go).
func (p *Provider) shim(name, short string, params []operator.Param) string {
	var b strings.Builder
	fmt.Fprintf(&b, "PLUGIN = %s\nPATH = %s\nNAME = %s\nOP = %s\nNAMES = [", strconv.Quote(p.pl.Name), strconv.Quote(p.pl.Path), strconv.Quote(name), strconv.Quote(short))
	for _, prm := range params {
		b.WriteString(strconv.Quote(prm.Name) + ", ")
	}
	b.WriteString("]\n")
	b.WriteString(shimTemplate)
	fmt.Fprintf(&b, "\nglobals()[%s] = _flowspec_plugin_call\n", strconv.Quote(name))
	return b.String()
}
