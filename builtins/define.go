package builtins

import (
	"context"
	"embed"
	"fmt"
	"strings"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// twins holds every operator's Python twin and the prelude they share.
//
//go:embed python/*.py
var twins embed.FS

// twinDeps names the other twins whose helpers a twin uses: the expr
// twin computes range, format, upper, lower and flatten as those
// operators do.
var twinDeps = map[string][]string{
	"expr": {"range", "format", "upper", "lower", "flatten"},
}

// twinSource returns the Python module for operator name: the shared
// prelude, the twins it depends on, then python/<name>.py, ready to be
// evaluated as one namespace.
func twinSource(name string) (string, error) {
	parts := []string{"_prelude"}
	parts = append(parts, twinDeps[name]...)
	parts = append(parts, name)
	var b strings.Builder
	for _, p := range parts {
		src, err := twins.ReadFile("python/" + p + ".py")
		if err != nil {
			return "", fmt.Errorf("operator %q has no Python twin (builtins/python/%s.py)", name, p)
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.Write(src)
	}
	return b.String(), nil
}

// define completes a built-in operator: it attaches the Python twin and
// guards the Go function against a wrong argument count, so a caller bug
// becomes an error instead of an index panic.
func define(op *operator.Op) (*operator.Op, error) {
	src, err := twinSource(op.Name)
	if err != nil {
		return nil, err
	}
	op.Python = src
	n, fn, name := len(op.Params), op.Go, op.Name
	op.Go = func(ctx context.Context, args []any) (any, error) {
		if len(args) != n {
			return nil, fmt.Errorf("operator %s takes %d arguments, got %d", name, n, len(args))
		}
		return fn(ctx, args)
	}
	return op, nil
}

// required declares a parameter every call must give.
func required(name string, t value.Type, doc string) operator.Param {
	return operator.Param{Name: name, Type: t, Required: true, Doc: doc}
}

// optional declares a parameter with a default.
func optional(name string, t value.Type, def any, doc string) operator.Param {
	return operator.Param{Name: name, Type: t, Default: def, Doc: doc}
}

// delayParam is the simulated-work parameter of inc, dec and add.
func delayParam() operator.Param {
	return optional("delay", value.Float, 0.0, "seconds to sleep before returning (simulated work)")
}

// ex builds an Example from alternating parameter names and values.
func ex(want any, kv ...any) operator.Example {
	args := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		args[kv[i].(string)] = kv[i+1]
	}
	return operator.Example{Args: args, Want: want}
}

// exErr builds an Example that fails with message.
func exErr(message string, kv ...any) operator.Example {
	e := ex(nil, kv...)
	e.Error = message
	return e
}

// binaryOp defines a pure operator of two numbers x and y whose Go
// implementation is fn (given the operator's name for its messages).
func binaryOp(name, doc string, result value.Type, fn func(op string, x, y any) (any, error), examples ...operator.Example) *operator.Op {
	return &operator.Op{
		Name: name,
		Doc:  doc,
		Params: []operator.Param{
			required("x", value.Number, "the left operand"),
			required("y", value.Number, "the right operand"),
		},
		Result: result,
		Pure:   true,
		Go: func(_ context.Context, args []any) (any, error) {
			x, y, err := numberPair(args)
			if err != nil {
				return nil, err
			}
			return fn(name, x, y)
		},
		Examples: examples,
	}
}
