package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// flowFiles expands validate's arguments: a file stands for itself, a
// directory for the flow files (*.yaml, *.yml) in it and below it, in
// lexical order, skipping hidden directories (.git, .venv). A directory
// without one is an error naming it.
func flowFiles(args []string) ([]string, error) {
	var files []string
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil || !st.IsDir() {
			files = append(files, arg) // validate reports a missing file at its name
			continue
		}
		found, err := flowFilesIn(arg)
		if err != nil {
			return nil, exitf(kindInvalid, "validate: %v", err)
		}
		if len(found) == 0 {
			return nil, exitf(kindInvalid, "validate: no flow files (*.yaml, *.yml) in directory %s", arg)
		}
		files = append(files, found...)
	}
	return files, nil
}

func flowFilesIn(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path != dir && strings.HasPrefix(d.Name(), "."):
			return filepath.SkipDir
		case !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")):
			out = append(out, path)
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}
