package expression

import "github.com/flowspec/flowspec/value"

// The argument checks of the functions Options adds, worded as the
// operators word theirs.

func wantInt(name string, v any) (int64, error) {
	i, ok := v.(int64)
	if !ok {
		return 0, value.WrongType(name, value.Int.Noun(), v)
	}
	return i, nil
}

func wantString(name string, v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", value.WrongType(name, value.String.Noun(), v)
	}
	return s, nil
}

func wantMap(name string, v any) (map[string]any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, value.WrongType(name, value.Map.Noun(), v)
	}
	return m, nil
}
