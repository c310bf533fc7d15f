package runtime

import (
	"context"
	"errors"
	"testing"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// foreignOp is a stand-in for a marked py: function.
func foreignOp(name string, f operator.Func) *operator.Op {
	o := op(name, f, param("x", value.Any))
	o.Foreign, o.Pure, o.Cheap = true, true, true
	return o
}

// TestComposedPythonObjects checks that a Python object passes between a
// composite's foreign calls, that a built-in call refuses it with the
// unfused task's message (after its name), and that a foreign call's error
// reads as unfused.
func TestComposedPythonObjects(t *testing.T) {
	obj := value.Opaque{Type: "tasks.Point", Pickle: []byte("x")}
	mk := foreignOp("py:tasks.make", func(context.Context, []any) (any, error) { return obj, nil })
	get := foreignOp("py:tasks.get", func(_ context.Context, a []any) (any, error) {
		if o, ok := a[0].(value.Opaque); !ok || o.Type != obj.Type {
			return nil, errors.New("ValueError: not the object")
		}
		return int64(7), nil
	})
	ident := op("identity", func(_ context.Context, a []any) (any, error) { return a[0], nil }, param("value", value.Any))
	chain := func(last *operator.Op) *composed {
		return newComposed(&compiler.Program{Calls: []compiler.Call{
			{Op: mk, Args: []compiler.Input{{Index: 0}}},
			{Op: last, Args: []compiler.Input{{FromCall: true, Index: 0}}},
		}})
	}
	if v, err := chain(get).call(context.Background(), []any{int64(1)}); err != nil || v != int64(7) {
		t.Errorf("foreign chain = %v, %v; want 7", v, err)
	}
	_, err := chain(ident).call(context.Background(), []any{int64(1)})
	unfused := checkArgs(ident, []any{obj})
	var bad argError
	if err == nil || err.Error() != "identity: "+unfused.Error() || !errors.As(err, &bad) {
		t.Errorf("built-in after a Python object: %v, want identity: %v", err, unfused)
	}
	boom := foreignOp("py:tasks.boom", func(context.Context, []any) (any, error) { return nil, errors.New("ValueError: bad value 2") })
	if _, err := chain(boom).call(context.Background(), []any{int64(1)}); err == nil || err.Error() != "ValueError: bad value 2" {
		t.Errorf("a foreign call's error %q, want it as unfused", err)
	}
	if sig := (&compiler.Program{Calls: chain(ident).prog.Calls}).Signature(); !sig.Foreign || !sig.Cheap {
		t.Errorf("signature of a composite calling marked functions: foreign %v cheap %v", sig.Foreign, sig.Cheap)
	}
}
