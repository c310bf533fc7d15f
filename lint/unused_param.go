package lint

import (
	"fmt"
	"regexp"

	"go.yaml.in/yaml/v3"
)

// unusedParam: a param that no value of the flow reads.
var unusedParam = Rule{
	ID:    "unused-param",
	Doc:   "a param that no task, output or condition reads",
	check: checkUnusedParam,
}

func checkUnusedParam(in *input) []finding {
	var texts []string
	collect(in.flow.Root, &texts, true)
	var out []finding
	for _, p := range in.flow.Params {
		if readsParam(texts, p.Name) {
			continue
		}
		out = append(out, finding{at: p.Range,
			message: fmt.Sprintf("param %q is declared but nothing reads it", p.Name),
			hint:    fmt.Sprintf("read it as ${{ params.%s }} or remove it", p.Name)})
	}
	return out
}

// collect gathers the string scalars of n that hold expressions, leaving
// out the top-level params: block (declaring a param is not reading it).
func collect(n *yaml.Node, texts *[]string, top bool) {
	if n == nil {
		return
	}
	for i, c := range n.Content {
		if top && n.Kind == yaml.MappingNode && i%2 == 1 && n.Content[i-1].Value == "params" {
			continue
		}
		if c.Kind == yaml.ScalarNode {
			*texts = append(*texts, c.Value)
		}
		collect(c, texts, false)
	}
}

// readsParam reports whether some text reads params.name or params["name"].
func readsParam(texts []string, name string) bool {
	q := regexp.QuoteMeta(name)
	re := regexp.MustCompile(`params\s*(\.\s*` + q + `\b|\[\s*["'` + "`" + `]` + q + `["'` + "`" + `]\s*\])`)
	for _, t := range texts {
		if re.MatchString(t) {
			return true
		}
	}
	return false
}
