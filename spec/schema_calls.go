package spec

import (
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/value"
)

// operatorCallsDef names the schema definition that checks a task's
// arguments against its operator: one if/then per built-in operator.
const operatorCallsDef = "operatorCalls"

// exprPattern is what a string holding a ${{ }} expression matches: such a
// value is computed, so its type is not the schema's to judge.
const exprPattern = `\$\{\{`

// operatorCalls renders, for each operator of the registry, "if op is
// this operator then with: and map: name only its parameters, none twice,
// give every required one, and each literal argument has the parameter's
// type" — what
// validate checks of a call where JSON Schema can say it, so an editor
// flags a misnamed, missing or mistyped argument as it is typed.
func (g *schemaGen) operatorCalls() jsonObject {
	calls := []jsonObject{}
	for _, op := range g.reg.Ops() {
		calls = append(calls, jsonObject{
			{"if", jsonObject{{"properties", jsonObject{{"op", jsonObject{{"const", op.Name}}}}}, {"required", []string{"op"}}}},
			{"then", operatorCall(op)},
		})
	}
	return jsonObject{
		{"title", "Operator arguments"},
		{"description", "Each built-in operator's parameters, generated from the operator registry."},
		{"allOf", calls},
	}
}

// operatorCall is what a call of op must look like: only op's parameters
// under with: and map:, none in both, every required one in either.
func operatorCall(op *operator.Op) jsonObject {
	with, mapped := jsonObject{}, jsonObject{}
	var rules []jsonObject
	for _, p := range op.Params {
		with.add(p.Name, argSchema(p, false))
		mapped.add(p.Name, argSchema(p, true))
		rules = append(rules, jsonObject{{"not", jsonObject{{"allOf", []jsonObject{givenIn("with", p.Name), givenIn("map", p.Name)}}}}})
		if p.Required {
			rules = append(rules, jsonObject{{"anyOf", []jsonObject{givenIn("with", p.Name), givenIn("map", p.Name)}}})
		}
	}
	then := jsonObject{{"properties", jsonObject{
		{"with", jsonObject{{"properties", with}, {"additionalProperties", false}}},
		{"map", jsonObject{{"properties", mapped}, {"additionalProperties", false}}},
	}}}
	if rules != nil {
		then.add("allOf", rules)
	}
	return then
}

// givenIn says that block (with or map) gives parameter name.
func givenIn(block, name string) jsonObject {
	return jsonObject{
		{"required", []string{block}},
		{"properties", jsonObject{{block, jsonObject{{"required", []string{name}}}}}},
	}
}

// argSchema is what one argument may be: a value of the parameter's type
// or an expression; under map:, a list of such values or an expression.
func argSchema(p operator.Param, mapped bool) jsonObject {
	o := jsonObject{{"description", p.Doc}}
	elem := typeSchema(p.Type)
	if mapped {
		elem = jsonObject{{"type", "array"}, {"items", elem}}
	}
	if elem != nil {
		o.add("anyOf", []jsonObject{elem, {{"type", "string"}, {"pattern", exprPattern}}})
	}
	return o
}

// typeSchema is a value type as JSON Schema, or nil for any value.
func typeSchema(t value.Type) jsonObject {
	switch t {
	case value.Int:
		return jsonObject{{"type", "integer"}}
	case value.Float, value.Number:
		return jsonObject{{"type", "number"}}
	case value.String:
		return jsonObject{{"type", "string"}}
	case value.Bool:
		return jsonObject{{"type", "boolean"}}
	case value.List:
		return jsonObject{{"type", "array"}}
	case value.Map:
		return jsonObject{{"type", "object"}}
	}
	return nil
}
