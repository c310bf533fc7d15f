package builtins_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"strconv"
	"testing"

	"github.com/flowspec/flowspec/builtins"
)

// The Python side of the conformance tests: testdata/twin_driver.py runs
// twins in the system python3, exchanging typed JSON (plain JSON would
// lose the difference between 1 and 1.0).

// twinCall is one call of a twin with positional arguments.
type twinCall struct {
	Op   string `json:"op"`
	Args []any  `json:"args"`
}

// twinResult is a twin's value or error message.
type twinResult struct {
	Value json.RawMessage `json:"value"`
	Error *string         `json:"error"`
}

// twinReply is everything the driver reports.
type twinReply struct {
	Results    []twinResult                    `json:"results"`
	Signatures map[string][][3]json.RawMessage `json:"signatures"`
}

// runTwins runs calls through the twins of the operators they name.
func runTwins(t *testing.T, calls []twinCall) twinReply {
	t.Helper()
	twins := map[string]string{}
	enc := make([]twinCall, len(calls))
	for i, c := range calls {
		op, ok := builtins.Default().Lookup(c.Op)
		if !ok {
			t.Fatalf("no operator %s", c.Op)
		}
		twins[c.Op] = op.Python
		enc[i] = twinCall{Op: c.Op, Args: make([]any, len(c.Args))}
		for j, a := range c.Args {
			enc[i].Args[j] = typedJSON(a)
		}
	}
	for _, op := range builtins.Default().Ops() { // every twin, for the signature check
		twins[op.Name] = op.Python
	}
	req, err := json.Marshal(map[string]any{"twins": twins, "calls": enc})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("python3", "testdata/twin_driver.py")
	cmd.Stdin = bytes.NewReader(req)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3 twin driver: %v\n%s", err, stderr.String())
	}
	var reply twinReply
	if err := json.Unmarshal(out, &reply); err != nil {
		t.Fatalf("twin driver reply: %v", err)
	}
	if len(reply.Results) != len(calls) {
		t.Fatalf("twin driver answered %d calls of %d", len(reply.Results), len(calls))
	}
	return reply
}

// typedJSON encodes a runtime value for the driver.
func typedJSON(v any) any {
	switch v := v.(type) {
	case nil:
		return map[string]any{"n": nil}
	case bool:
		return map[string]any{"b": v}
	case int64:
		return map[string]any{"i": strconv.FormatInt(v, 10)}
	case float64:
		return map[string]any{"f": strconv.FormatFloat(v, 'g', -1, 64)}
	case string:
		return map[string]any{"s": v}
	case []any:
		l := make([]any, len(v))
		for i, e := range v {
			l[i] = typedJSON(e)
		}
		return map[string]any{"l": l}
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = typedJSON(e)
		}
		return map[string]any{"m": m}
	}
	panic(fmt.Sprintf("typedJSON: %T is not a runtime value", v))
}

// fromTypedJSON decodes the driver's typed JSON.
func fromTypedJSON(raw json.RawMessage) (any, error) {
	var tagged map[string]json.RawMessage
	if err := json.Unmarshal(raw, &tagged); err != nil || len(tagged) != 1 {
		return nil, fmt.Errorf("bad typed value %s", raw)
	}
	for k, x := range tagged {
		return decodeTagged(k, x)
	}
	return nil, nil
}

func decodeTagged(k string, x json.RawMessage) (any, error) {
	var s string
	switch k {
	case "n":
		return nil, nil
	case "b":
		var b bool
		return b, json.Unmarshal(x, &b)
	case "s":
		return s, json.Unmarshal(x, &s)
	case "i":
		if err := json.Unmarshal(x, &s); err != nil {
			return nil, err
		}
		return strconv.ParseInt(s, 10, 64)
	case "f":
		if err := json.Unmarshal(x, &s); err != nil {
			return nil, err
		}
		return strconv.ParseFloat(s, 64)
	case "l":
		var raws []json.RawMessage
		if err := json.Unmarshal(x, &raws); err != nil {
			return nil, err
		}
		l := make([]any, len(raws))
		for i, r := range raws {
			var err error
			if l[i], err = fromTypedJSON(r); err != nil {
				return nil, err
			}
		}
		return l, nil
	case "m":
		var raws map[string]json.RawMessage
		if err := json.Unmarshal(x, &raws); err != nil {
			return nil, err
		}
		m := make(map[string]any, len(raws))
		for key, r := range raws {
			var err error
			if m[key], err = fromTypedJSON(r); err != nil {
				return nil, err
			}
		}
		return m, nil
	}
	return nil, fmt.Errorf("the twin returned a value that is not a runtime value: %s: %s", k, x)
}
