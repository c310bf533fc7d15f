package wire

import (
	"errors"
	"fmt"
)

// Opcodes that build containers and describe objects.

func (u *unpickler) list() error {
	items, err := u.popMark()
	u.push(&List{Items: items})
	return err
}

func (u *unpickler) tuple() error {
	items, err := u.popMark()
	u.push(Tuple(items))
	return err
}

func (u *unpickler) tupleN(n int) error {
	if len(u.stack) < n {
		return errors.New("stack underflow")
	}
	t := make(Tuple, n)
	for i := n - 1; i >= 0; i-- {
		v, err := u.pop()
		if err != nil {
			return err
		}
		t[i] = v
	}
	u.push(t)
	return nil
}

func (u *unpickler) frozenset() error {
	items, err := u.popMark()
	u.push(&Set{Items: items, Frozen: true})
	return err
}

func (u *unpickler) dict() error {
	items, err := u.popMark()
	if err != nil {
		return err
	}
	d := &Dict{}
	if err := fillDict(d, items); err != nil {
		return err
	}
	u.push(d)
	return nil
}

func fillDict(d *Dict, items []any) error {
	if len(items)%2 != 0 {
		return errors.New("odd number of dict items")
	}
	for i := 0; i < len(items); i += 2 {
		d.set(items[i], items[i+1])
	}
	return nil
}

func (u *unpickler) appendOne() error {
	v, err := u.pop()
	if err != nil {
		return err
	}
	return u.extend([]any{v})
}

func (u *unpickler) appends() error {
	items, err := u.popMark()
	if err != nil {
		return err
	}
	return u.extend(items)
}

// extend appends items to the list (or object) on top of the stack.
func (u *unpickler) extend(items []any) error {
	t, err := u.top()
	if err != nil {
		return err
	}
	switch x := t.(type) {
	case *List:
		x.Items = append(x.Items, items...)
	case *Object:
		x.ListItems = append(x.ListItems, items...)
	default:
		return fmt.Errorf("append to %s", describe(t))
	}
	return nil
}

func (u *unpickler) setItem() error {
	v, err := u.pop()
	if err != nil {
		return err
	}
	k, err := u.pop()
	if err != nil {
		return err
	}
	return u.store([]any{k, v})
}

func (u *unpickler) setItems() error {
	items, err := u.popMark()
	if err != nil {
		return err
	}
	return u.store(items)
}

// store sets items (key, value, key, value...) on the dict or object on top
// of the stack.
func (u *unpickler) store(items []any) error {
	t, err := u.top()
	if err != nil {
		return err
	}
	switch x := t.(type) {
	case *Dict:
		return fillDict(x, items)
	case *Object:
		if x.DictItems == nil {
			x.DictItems = &Dict{}
		}
		return fillDict(x.DictItems, items)
	}
	return fmt.Errorf("set items on %s", describe(t))
}

func (u *unpickler) addItems() error {
	items, err := u.popMark()
	if err != nil {
		return err
	}
	t, err := u.top()
	if err != nil {
		return err
	}
	s, ok := t.(*Set)
	if !ok {
		return fmt.Errorf("add items to %s", describe(t))
	}
	s.Items = append(s.Items, items...)
	return nil
}

func (u *unpickler) global() error {
	module, err := u.readLine()
	if err != nil {
		return err
	}
	name, err := u.readLine()
	u.push(Global{Module: module, Name: name})
	return err
}

func (u *unpickler) stackGlobal() error {
	name, err := u.pop()
	if err != nil {
		return err
	}
	module, err := u.pop()
	if err != nil {
		return err
	}
	m, ok1 := module.(string)
	n, ok2 := name.(string)
	if !ok1 || !ok2 {
		return errors.New("STACK_GLOBAL needs two strings")
	}
	u.push(Global{Module: m, Name: n})
	return nil
}

func (u *unpickler) reduce() error {
	args, err := u.pop()
	if err != nil {
		return err
	}
	callable, err := u.pop()
	if err != nil {
		return err
	}
	t, ok := args.(Tuple)
	if !ok {
		return fmt.Errorf("REDUCE arguments are a %s, not a tuple", describe(args))
	}
	u.push(&Object{Callable: callable, Args: t})
	return nil
}

func (u *unpickler) newObj() error {
	if err := u.reduce(); err != nil {
		return err
	}
	u.stack[len(u.stack)-1].(*Object).New = true
	return nil
}

func (u *unpickler) newObjEx() error {
	kw, err := u.pop()
	if err != nil {
		return err
	}
	if err := u.newObj(); err != nil {
		return err
	}
	d, _ := kw.(*Dict)
	u.stack[len(u.stack)-1].(*Object).Kwargs = d
	return nil
}

func (u *unpickler) build() error {
	state, err := u.pop()
	if err != nil {
		return err
	}
	t, err := u.top()
	if err != nil {
		return err
	}
	o, ok := t.(*Object)
	if !ok {
		return fmt.Errorf("BUILD on %s", describe(t))
	}
	o.State = state
	return nil
}

// inst and obj are protocol 0 and 1 instance creation.
func (u *unpickler) inst() error {
	module, err := u.readLine()
	if err != nil {
		return err
	}
	name, err := u.readLine()
	if err != nil {
		return err
	}
	args, err := u.popMark()
	u.push(&Object{Callable: Global{module, name}, Args: Tuple(args)})
	return err
}

func (u *unpickler) obj() error {
	items, err := u.popMark()
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return errors.New("OBJ without a class")
	}
	u.push(&Object{Callable: items[0], Args: Tuple(items[1:]), New: true})
	return nil
}
