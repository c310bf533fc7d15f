package spec

// MaxFileSize bounds a flow file: 16 MiB, hundreds of times the largest flow
// anyone writes by hand, and small enough that parsing it stays within
// validate's memory budget (see docs/limits.md).
const MaxFileSize = 16 << 20

// tooLarge is the diagnostic for a flow file past MaxFileSize.
func tooLarge(file string) Diagnostics {
	var ds Diagnostics
	at := Range{File: file, Start: Pos{1, 1}, End: Pos{1, 1}}
	ds.Errorf(at, "split the flow, or generate long lists with ${{ range(...) }} expressions",
		"the flow file is larger than the limit of %d MiB", MaxFileSize>>20)
	return ds
}
