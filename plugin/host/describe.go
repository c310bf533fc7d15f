package host

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"time"

	"github.com/flowspec/flowspec/internal/subproc"
	"github.com/flowspec/flowspec/plugin"
	"github.com/flowspec/flowspec/value"
)

// describe asks the executable for its operators, from the cache when it
// holds the answer for the executable's current content.
func (p *Provider) describe() (*plugin.Description, error) {
	if _, err := exec.LookPath(p.pl.Path); err != nil {
		return nil, p.cannotStart(err)
	}
	key, cache := p.cacheKey(), p.cache()
	if b, ok := cache.Load(key); ok {
		if d, err := decodeDescription(b); err == nil {
			return d, nil
		}
	}
	reply, err := p.ask()
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(reply)
	if err != nil {
		return nil, p.badDescribe("an answer that is not plain data")
	}
	d, err := decodeDescription(b)
	if err != nil {
		return nil, p.badDescribe(err.Error())
	}
	if err := p.check(d); err != nil {
		return nil, err
	}
	cache.Store(key, d)
	return d, nil
}

// ask runs one describe exchange on a fresh process.
func (p *Provider) ask() (any, error) {
	proc, err := p.start()
	if err != nil {
		return nil, err
	}
	defer proc.Kill()
	timeout := p.cfg.DescribeTimeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	reply, _, err := proc.Call(ctx, "describe", map[string]any{"type": plugin.TypeDescribe, "version": plugin.Version})
	var exit *subproc.Exit
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return nil, p.badDescribe(fmt.Sprintf("no answer to describe within %s", timeout))
	case errors.As(err, &exit):
		return nil, p.badDescribe(exitText(exit))
	case err != nil:
		return nil, p.badDescribe(err.Error())
	}
	return reply, nil
}

// start launches one process of the plugin.
func (p *Provider) start() (*subproc.Process, error) {
	proc, err := subproc.Start(exec.Command(p.pl.Path), p.stderr())
	if err != nil {
		return nil, p.cannotStart(err)
	}
	return proc, nil
}

// cannotStart is the error for an executable that is missing or cannot run.
func (p *Provider) cannotStart(err error) error {
	var ee *exec.Error
	if errors.As(err, &ee) {
		err = ee.Err
	}
	return &Failure{fmt.Sprintf("%s cannot be started: %v", p.who(), unwrapExec(err)),
		"build the plugin, or fix its path under plugins:, and make it executable (chmod +x " + p.pl.Path + ")"}
}

// unwrapExec drops os/exec's repetition of the path.
func unwrapExec(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Failure is a plugin that cannot be used, with the fix.
type Failure struct{ Msg, Fix string }

func (e *Failure) Error() string { return e.Msg }

// Hint is the fix (spec prints it under the message).
func (e *Failure) Hint() string { return e.Fix }

// badDescribe is the error for a describe exchange that failed.
func (p *Provider) badDescribe(why string) error {
	return &Failure{fmt.Sprintf("%s did not describe its operators: %s", p.who(), why),
		"a plugin answers {type: describe} with its operators (docs/PLUGINS.md); run it by hand to see its log"}
}

// decodeDescription reads a describe answer, with integer defaults as
// int64 (JSON alone would make 10 a float).
func decodeDescription(b []byte) (*plugin.Description, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var d plugin.Description
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("an answer of the wrong shape (%v)", err)
	}
	for i := range d.Operators {
		for j := range d.Operators[i].Params {
			prm := &d.Operators[i].Params[j]
			prm.Default = value.FromJSONNumbers(prm.Default)
		}
	}
	return &d, nil
}

// opName is what an operator's name must be, so NAME.OP reads as one name.
var opName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// check refuses an answer flowspec cannot use, saying what is wrong.
func (p *Provider) check(d *plugin.Description) error {
	if d.Type != plugin.TypeDescribe {
		return p.badDescribe(fmt.Sprintf("an answer of type %q instead of %q", d.Type, plugin.TypeDescribe))
	}
	if d.Version != plugin.Version {
		return &Failure{fmt.Sprintf("%s speaks protocol version %d; this flowspec speaks version %d", p.who(), d.Version, plugin.Version),
			fmt.Sprintf("use a build of the plugin for protocol version %d (docs/PLUGINS.md)", plugin.Version)}
	}
	seen := map[string]bool{}
	for _, op := range d.Operators {
		if !opName.MatchString(op.Name) || seen[op.Name] {
			return p.badDescribe(fmt.Sprintf("operator name %q is empty, not an identifier or listed twice", op.Name))
		}
		seen[op.Name] = true
		if err := p.checkTypes(op); err != nil {
			return err
		}
	}
	return nil
}

// checkTypes refuses an operator whose parameter or result type flowspec
// does not know.
func (p *Provider) checkTypes(op plugin.OpInfo) error {
	for _, prm := range op.Params {
		if !knownType(prm.Type) || prm.Name == "" {
			return p.badDescribe(fmt.Sprintf("operator %s: parameter %q has type %q (types: int, float, number, string, bool, list, map, any)", op.Name, prm.Name, prm.Type))
		}
	}
	if !knownType(op.Result) {
		return p.badDescribe(fmt.Sprintf("operator %s: result type %q (types: int, float, number, string, bool, list, map, any)", op.Name, op.Result))
	}
	return nil
}

// knownType reports whether t names a flowspec type ("" means any).
func knownType(t string) bool {
	switch value.Type(t) {
	case "", value.Any, value.Int, value.Float, value.Number, value.String, value.Bool, value.List, value.Map:
		return true
	}
	return false
}
