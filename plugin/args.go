package plugin

// Args are a call's arguments by parameter name, every parameter present
// (defaults filled in by flowspec), as plain data: int64, float64, string,
// bool, nil, []any or map[string]any. flowspec has checked each against
// its parameter's type before the call.
type Args map[string]any

// Float returns argument name as a float64 (an int or a float).
func (a Args) Float(name string) float64 {
	switch v := a[name].(type) {
	case int64:
		return float64(v)
	case float64:
		return v
	}
	return 0
}
