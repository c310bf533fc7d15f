package compiler

import (
	"reflect"
	"testing"
	"time"

	"github.com/flowspec/flowspec/spec"
)

// TestOptionsCopiedByName checks that every option spec declares reaches
// the group's Options under the same name with a type it converts to, so a
// new option needs no copying code; Batch is the optimizer's, not the group's.
func TestOptionsCopiedByName(t *testing.T) {
	from, to := reflect.TypeOf(spec.Options{}), reflect.TypeOf(Options{})
	for i := range from.NumField() {
		sf := from.Field(i)
		if sf.Name == "Batch" {
			continue
		}
		df, ok := to.FieldByName(sf.Name)
		if !ok {
			t.Errorf("compiler.Options has no field %s for spec.Options.%s", sf.Name, sf.Name)
			continue
		}
		st := sf.Type
		if st.Kind() == reflect.Pointer {
			st = st.Elem()
		}
		if st == reflect.TypeOf(spec.Duration{}) {
			st = reflect.TypeOf(time.Duration(0))
		}
		if !st.ConvertibleTo(df.Type) {
			t.Errorf("spec.Options.%s (%s) does not convert to compiler.Options.%s (%s)", sf.Name, sf.Type, sf.Name, df.Type)
		}
	}
}

// TestCopyOptions checks the copy: set options win, unset ones keep the
// defaults, durations and pointers are unwrapped.
func TestCopyOptions(t *testing.T) {
	retries, idem := 3, false
	out := defaultOptions()
	copyOptions(&out, spec.Options{
		Retries:    &retries,
		Timeout:    &spec.Duration{Duration: time.Second},
		Idempotent: &idem,
		Workers:    []string{"w1"},
	})
	want := defaultOptions()
	want.Retries, want.Timeout, want.Idempotent, want.Workers = 3, time.Second, false, []string{"w1"}
	if !reflect.DeepEqual(out, want) {
		t.Errorf("got %+v\nwant %+v", out, want)
	}
}
