package plugin

// Version is the protocol version this package and flowspec speak. A host
// and a plugin of different versions refuse each other, naming both.
const Version = 1

// The message types (the "type" field of every message).
const (
	TypeDescribe = "describe" // host → plugin, and the plugin's answer
	TypeCall     = "call"     // host → plugin: run one operator
	TypeResult   = "result"   // plugin → host: a call's value
	TypeError    = "error"    // plugin → host: a call's (or a request's) failure
)

// Param is one parameter of an operator, as describe lists it. Type is a
// flowspec type: int, float, number, string, bool, list, map or any.
type Param struct {
	Name     string `msgpack:"name" json:"name"`
	Type     string `msgpack:"type" json:"type"`
	Required bool   `msgpack:"required" json:"required"`
	Default  any    `msgpack:"default" json:"default"`
	Doc      string `msgpack:"doc" json:"doc"`
}

// OpInfo is what describe says about one operator.
type OpInfo struct {
	Name      string  `msgpack:"name" json:"name"`
	Doc       string  `msgpack:"doc" json:"doc"`
	Params    []Param `msgpack:"params" json:"params"`
	Result    string  `msgpack:"result" json:"result"`
	Pure      bool    `msgpack:"pure" json:"pure"`
	Batchable bool    `msgpack:"batchable" json:"batchable"`
}

// Description is a plugin's answer to describe.
type Description struct {
	Type      string   `msgpack:"type" json:"type"`
	Version   int      `msgpack:"version" json:"version"`
	Operators []OpInfo `msgpack:"operators" json:"operators"`
}

// Error is an operator's failure as it travels: a class (an identifier,
// such as ValueError), a message, and optional details (any plain data)
// for programs that read them. Return one from Func to choose the class;
// any other error travels as class PluginError.
type Error struct {
	Class   string `msgpack:"class"`
	Message string `msgpack:"message"`
	Details any    `msgpack:"details"`
}

func (e *Error) Error() string { return e.Class + ": " + e.Message }
