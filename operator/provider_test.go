package operator_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/flowspec/flowspec/operator"
)

// countingProvider resolves x:NAME for the names it has, counting asks.
type countingProvider struct {
	have  map[string]bool
	asked map[string]int
}

func (p *countingProvider) Op(name string) (*operator.Op, error) {
	p.asked[name]++
	if !p.have[name] {
		return nil, fmt.Errorf("%w: no %s", operator.ErrUnknown, name)
	}
	return &operator.Op{Name: name, Go: func(context.Context, []any) (any, error) { return nil, nil }}, nil
}

func (p *countingProvider) Near(string) []string { return []string{"x:one"} }

func TestProvide(t *testing.T) {
	reg, err := operator.New(&operator.Op{Name: "inc", Go: func(context.Context, []any) (any, error) { return nil, nil }})
	if err != nil {
		t.Fatal(err)
	}
	p := &countingProvider{have: map[string]bool{"x:one": true}, asked: map[string]int{}}
	reg.Provide("x:", p)
	for range 2 {
		if op, err := reg.Resolve("x:one"); err != nil || op.Name != "x:one" {
			t.Fatalf("Resolve(x:one) = %v, %v", op, err)
		}
		if _, err := reg.Resolve("x:two"); !errors.Is(err, operator.ErrUnknown) {
			t.Fatalf("Resolve(x:two) = %v", err)
		}
	}
	if p.asked["x:one"] != 1 || p.asked["x:two"] != 1 {
		t.Errorf("the provider should be asked once per name: %v", p.asked)
	}
	if _, ok := reg.Lookup("inc"); !ok {
		t.Error("registered operators still resolve")
	}
	if _, err := reg.Resolve("y:one"); !errors.Is(err, operator.ErrUnknown) {
		t.Errorf("a name no provider answers for: %v", err)
	}
	if near := reg.Near("x:on"); len(near) != 1 || near[0] != "x:one" {
		t.Errorf("Near asks the provider: %v", near)
	}
	if near := reg.Near("icn"); len(near) != 2 || near[0] != "inc" || near[1] != "x:one" {
		t.Errorf("Near without a provider lists the registered and resolved names: %v", near)
	}
}
