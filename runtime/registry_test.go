package runtime

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// testOps are small real operators for executor tests. calls counts the
// attempts of each flaky/fail call by key, so tests can check retries.
type testOps struct {
	mu    sync.Mutex
	calls map[string]int
}

func (o *testOps) count(key string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.calls[key]++
	return o.calls[key]
}

func (o *testOps) attempts(key string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.calls[key]
}

func param(name string, t value.Type) operator.Param {
	return operator.Param{Name: name, Type: t, Required: true}
}

func op(name string, f operator.Func, params ...operator.Param) *operator.Op {
	return &operator.Op{Name: name, Params: params, Result: value.Any, Go: f}
}

// newTestRegistry returns a registry of test operators and their counters.
func newTestRegistry(t testing.TB) (*operator.Registry, *testOps) {
	t.Helper()
	o := &testOps{calls: map[string]int{}}
	reg, err := operator.New(
		op("inc", func(_ context.Context, a []any) (any, error) { return a[0].(int64) + 1, nil }, param("x", value.Int)),
		op("dec", func(_ context.Context, a []any) (any, error) { return a[0].(int64) - 1, nil }, param("x", value.Int)),
		op("add", func(_ context.Context, a []any) (any, error) { return a[0].(int64) + a[1].(int64), nil },
			param("x", value.Int), param("y", value.Int)),
		op("div", opDiv, param("x", value.Int), param("y", value.Int)),
		op("sum", opSum, param("values", value.List)),
		op("id", func(_ context.Context, a []any) (any, error) { return a[0], nil }, param("x", value.Any)),
		op("fail", func(_ context.Context, a []any) (any, error) { return nil, errors.New(a[0].(string)) }, param("message", value.String)),
		op("flaky", o.flaky, param("key", value.String), param("until", value.Int)),
		op("block", opBlock, param("x", value.Any)),
		op("nap", opNap, param("x", value.Any)),
		op("panic", func(context.Context, []any) (any, error) { panic("boom") }, param("x", value.Any)),
	)
	if err != nil {
		t.Fatal(err)
	}
	return reg, o
}

func opDiv(_ context.Context, a []any) (any, error) {
	if a[1].(int64) == 0 {
		return nil, errors.New("division by zero")
	}
	return a[0].(int64) / a[1].(int64), nil
}

func opSum(_ context.Context, a []any) (any, error) {
	var s int64
	for _, v := range a[0].([]any) {
		s += v.(int64)
	}
	return s, nil
}

// flaky fails until its until-th attempt for the given key.
func (o *testOps) flaky(_ context.Context, a []any) (any, error) {
	key, until := a[0].(string), a[1].(int64)
	n := o.count(key)
	if int64(n) < until {
		return nil, fmt.Errorf("attempt %d of %s failed", n, key)
	}
	return int64(n), nil
}

// opBlock waits until its context is done, like a slow operator that
// honours cancellation.
func opBlock(ctx context.Context, _ []any) (any, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// opNap returns x after a short sleep, or early with ctx's error.
func opNap(ctx context.Context, a []any) (any, error) {
	select {
	case <-time.After(200 * time.Microsecond):
		return a[0], nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
