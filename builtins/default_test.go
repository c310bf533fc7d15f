package builtins_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/flowspec/flowspec/builtins"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// builtinNames is the operator set DESIGN.md promises.
var builtinNames = []string{
	"abs", "add", "concat", "count", "dec", "div", "expr", "fail", "first", "flatten", "format",
	"identity", "inc", "join", "last", "lower", "max", "mean", "min", "mod", "mul", "neg", "pow",
	"range", "shell", "sleep", "sort", "split", "sub", "sum", "unique", "upper", "zip",
}

func TestDefault(t *testing.T) {
	r := builtins.Default()
	if r != builtins.Default() {
		t.Fatal("Default builds a new registry on each call")
	}
	if got := r.Names(); !slices.Equal(got, builtinNames) {
		t.Fatalf("operators:\n got %v\nwant %v", got, builtinNames)
	}
	fresh, err := builtins.All()
	if err != nil || fresh == r {
		t.Fatalf("All: %v (must be a new registry)", err)
	}
}

// TestOperatorSpecs checks what validation, `flowspec ops` and the
// optimizer rely on.
func TestOperatorSpecs(t *testing.T) {
	assoc := []string{"concat", "max", "min", "sum"}
	impure := []string{"expr", "fail", "shell", "sleep"}
	isolated := []string{"shell"}
	for _, op := range builtins.Default().Ops() {
		if op.Doc == "" || !strings.HasSuffix(op.Doc, ".") {
			t.Errorf("%s: doc %q must be a sentence", op.Name, op.Doc)
		}
		if !strings.Contains(op.Python, "\ndef "+op.Name+"(") {
			t.Errorf("%s: the Python twin does not define %s", op.Name, op.Name)
		}
		if op.Assoc != slices.Contains(assoc, op.Name) {
			t.Errorf("%s: Assoc = %v", op.Name, op.Assoc)
		}
		if op.Assoc && op.Params[0].Type != value.List {
			t.Errorf("%s: an associative reduction takes its list first", op.Name)
		}
		if op.Pure == slices.Contains(impure, op.Name) {
			t.Errorf("%s: Pure = %v", op.Name, op.Pure)
		}
		if op.Isolated != slices.Contains(isolated, op.Name) {
			t.Errorf("%s: Isolated = %v", op.Name, op.Isolated)
		}
		checkParams(t, op)
	}
}

func checkParams(t *testing.T, op *operator.Op) {
	optional := false
	for _, p := range op.Params {
		if p.Doc == "" {
			t.Errorf("%s.%s has no doc", op.Name, p.Name)
		}
		if p.Required && optional {
			t.Errorf("%s.%s: a required parameter after an optional one", op.Name, p.Name)
		}
		if !p.Required {
			optional = true
			if !p.Type.Accepts(p.Default) {
				t.Errorf("%s.%s: default %s is not a %s", op.Name, p.Name, value.Repr(p.Default), p.Type)
			}
		}
	}
}

func TestSignature(t *testing.T) {
	for name, want := range map[string]string{
		"inc":    "inc(x: number, delay: float = 0.0) -> number",
		"range":  "range(stop: int, start: int = 0, step: int = 1) -> list",
		"format": "format(template: string, values: map = {}) -> string",
		"fail":   `fail(message: string = "failed on purpose") -> any`,
	} {
		op, _ := builtins.Default().Lookup(name)
		if got := operator.Signature(op); got != want {
			t.Errorf("Signature(%s) = %s, want %s", name, got, want)
		}
	}
}
