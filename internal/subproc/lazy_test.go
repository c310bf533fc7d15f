package subproc

import (
	"context"
	"errors"
	"testing"
)

// TestLazyPool checks that nothing starts before a call, that the size set
// before first use is the pool's, and that the pool is made once.
func TestLazyPool(t *testing.T) {
	started := 0
	l := NewLazyPool(1, func() (*Process, error) {
		started++
		return nil, errors.New("no process in this test")
	})
	l.SetSize(3)
	l.Close() // never made: nothing to end
	p := l.Pool()
	if started != 0 || cap(p.slots) != 3 || l.Pool() != p {
		t.Fatalf("started %d, %d slots, same pool %v: want 0, 3, true", started, cap(p.slots), l.Pool() == p)
	}
	if _, err := p.Call(context.Background(), "op", nil); err == nil || started != 1 {
		t.Errorf("a call started %d processes (err %v), want 1 and its error", started, err)
	}
}
