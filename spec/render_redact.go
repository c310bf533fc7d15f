package spec

import "github.com/flowspec/flowspec/internal/address"

// redacted returns ds with the credentials of any address in a message or
// hint masked (address.Redact), whatever check wrote it.
func redacted(ds Diagnostics) Diagnostics {
	out := make(Diagnostics, len(ds))
	for i, d := range ds {
		d.Message, d.Hint = address.Redact(d.Message), address.Redact(d.Hint)
		out[i] = d
	}
	return out
}

// redactedLine masks the credentials of any address in a source line and
// moves rg's columns with them, so the caret stays under what it marks.
func redactedLine(line string, rg Range) (string, Range) {
	shown, move := address.RedactLine(line)
	if shown == line {
		return line, rg
	}
	if rg.End.Line == rg.Start.Line {
		rg.End.Column = move(rg.End.Column)
	}
	rg.Start.Column = move(rg.Start.Column)
	return shown, rg
}
