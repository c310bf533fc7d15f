package spec

import (
	"errors"
	"io/fs"

	"github.com/flowspec/flowspec/internal/bounded"
	"github.com/flowspec/flowspec/operator"
	"go.yaml.in/yaml/v3"
)

// Load reads a flow file and parses it (see Parse). A file that cannot be
// read is one diagnostic naming the file.
func Load(file string, reg *operator.Registry) (*Flow, Diagnostics) {
	src, ds := Read(file)
	if ds != nil {
		return nil, ds
	}
	return Parse(file, src, reg)
}

// Read reads a flow file as Load does, up to MaxFileSize, for a caller
// that parses it more than once (a pipe can be read only once); a file
// that cannot be read is one diagnostic naming the file.
func Read(file string) ([]byte, Diagnostics) {
	src, err := bounded.ReadFile(file, MaxFileSize)
	if errors.Is(err, bounded.ErrTooLarge) {
		return nil, tooLarge(file)
	}
	if err != nil {
		var ds Diagnostics
		ds.Errorf(Range{File: file}, "", "cannot read %s: %s", file, readError(err))
		return nil, ds
	}
	return src, nil
}

// readError words a file error without repeating the path.
func readError(err error) string {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.As(err, &pe):
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse turns a flow file's bytes into a Flow and every problem found on the
// way, sorted by position: YAML syntax, duplicate keys, the JSON schema, then
// the semantic checks against reg (operators and their parameters; nil skips
// them). All stages run when they can, so one pass reports every mistake.
// The Flow is meant for use only when the Diagnostics hold no errors; it is
// nil when the file is not a YAML mapping at all.
func Parse(file string, src []byte, reg *operator.Registry) (*Flow, Diagnostics) {
	if len(src) > MaxFileSize {
		return nil, tooLarge(file)
	}
	if valueMarks(src) > maxValueMarks {
		return nil, tooManyValues(file)
	}
	root, ds := parseYAML(file, src)
	if root == nil {
		return nil, ds.Sort()
	}
	ads, ok := resolveAliases(file, root)
	ds = append(ds, ads...)
	if !ok {
		return nil, ds.Sort()
	}
	nums := checkNumbers(file, root)
	f, rest := parseTree(file, src, root, reg)
	return f, append(append(ds, withoutShadowed(rest, nums)...), nums...).Sort()
}

// parseTree runs the stages after YAML: duplicate keys, tags, the schema,
// the decoder and the semantic checks.
func parseTree(file string, src []byte, root *yaml.Node, reg *operator.Registry) (*Flow, Diagnostics) {
	ds := checkDuplicateKeys(file, root, map[*yaml.Node]bool{})
	ds = append(ds, checkTags(file, root, map[*yaml.Node]bool{})...)
	ds = append(ds, validateSchema(file, toJSON(root))...)
	if root.Kind != yaml.MappingNode {
		return nil, ds
	}
	d := decoder{file: file}
	f := d.flow(root, src)
	ds = append(ds, d.ds...)
	ds = append(ds, check(f, reg)...)
	ds = append(ds, CheckScheduleParams(f)...)
	return f, ds
}
