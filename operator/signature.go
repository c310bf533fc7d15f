package operator

import (
	"strings"

	"github.com/flowspec/flowspec/value"
)

// Signature renders op's call shape for `flowspec ops` and the docs, e.g.
// `inc(x: number, delay: float = 0.0) -> number`; defaults are written as
// flowspec prints values.
func Signature(op *Op) string {
	var b strings.Builder
	b.WriteString(op.Name)
	b.WriteByte('(')
	for i, p := range op.Params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.Name + ": " + string(p.Type))
		if !p.Required {
			b.WriteString(" = " + value.Repr(p.Default))
		}
	}
	b.WriteString(") -> " + string(op.Result))
	return b.String()
}
