package runtime

import (
	"strings"
	"testing"

	"github.com/flowspec/flowspec/compiler"
	"github.com/flowspec/flowspec/value"
)

func TestOpaqueArguments(t *testing.T) {
	obj := value.Opaque{Type: "pandas.core.frame.DataFrame", Pickle: []byte("x")}
	builtin := op("identity", nil, param("value", value.Any))
	err := checkArgs(builtin, []any{obj})
	want := `argument "value" is a Python object of type pandas.core.frame.DataFrame, which only py: functions can read`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("a built-in reading a Python object: %v", err)
	}
	foreign := op("py:tasks.f", nil, param("x", value.Any))
	foreign.Foreign = true
	if err := checkArgs(foreign, []any{obj}); err != nil {
		t.Errorf("a py: operator takes Python objects: %v", err)
	}
}

func TestRefuseObjects(t *testing.T) {
	g := &compiler.Graph{Outputs: []compiler.Output{{Name: "df"}, {Name: "n"}}}
	res := &Result{Outputs: []NamedValue{
		{Name: "df", Value: []any{value.Opaque{Type: "faults.Point"}}, OK: true},
		{Name: "n", Value: int64(1), OK: true},
	}}
	RefuseObjects(res, g)
	if res.Outputs[0].OK || res.Outputs[1].OK != true || res.OK() || len(res.Errors) != 1 {
		t.Fatalf("outputs %+v, errors %v", res.Outputs, res.Errors)
	}
	if got := res.Errors[0].Message; !strings.HasPrefix(got, `output "df" is a Python object of type faults.Point`) {
		t.Errorf("message %q", got)
	}
}
