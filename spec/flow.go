package spec

import (
	"time"

	"go.yaml.in/yaml/v3"
)

// Flow is a parsed, schema-checked flow file: typed and positioned, but with
// every value still as written. The compiler evaluates it into a Graph.
type Flow struct {
	File        string // path as given by the user, used in every Range
	Source      []byte // the file's bytes, for snippets in rendered errors
	Version     int
	Name        string
	Description string
	Params      []Param    // in file order
	Env         []EnvVar   // environment variables the flow declares it reads
	Tasks       []*Task    // in file order
	Outputs     []Output   // in file order
	Defaults    Options    // task options every task starts from
	Executor    *Executor  // nil when the file names none
	Schedule    *Schedule  // nil when the flow runs once
	Retention   *Retention // nil: the run store keeps every run
	Python      *Python    // nil when the file has no python: block
	Plugins     []Plugin   // the plugins: block, in file order
	// Unchecked lists the operators a provider could not be asked about
	// (no Python interpreter): the flow is checked only by their names and
	// cannot be compiled.
	Unchecked []string
	Range     Range      // the whole document
	Root      *yaml.Node // the document's mapping node, kept for tools
}

// Value is a YAML value not yet evaluated: a literal (scalar, list, mapping) or
// a string holding ${{ expressions }}. The compiler decides which.
type Value struct {
	Node  *yaml.Node
	Range Range
}

// IsZero reports whether the value was absent from the file.
func (v Value) IsZero() bool { return v.Node == nil }

// Param is a flow parameter: a name, an optional type and an optional default.
// A param with no default must be given on the command line.
type Param struct {
	Name        string
	Type        string // "", int, float, number, string, bool, list, map
	Default     Value  // IsZero when the param is required
	Description string
	Range       Range
}

// EnvVar is an environment variable the flow reads as env.NAME. Only declared
// variables are visible to expressions, so a flow's inputs are all in its file.
type EnvVar struct {
	Name    string
	Default Value // used when the variable is unset; IsZero means required
	Range   Range
}

// Arg is one named argument of a task (an entry of `with:` or `map:`).
type Arg struct {
	Name      string
	NameRange Range // the key, for "unknown parameter" errors
	Value     Value
}

// Ref names another task, as in `after: [a, b]`.
type Ref struct {
	Name  string
	Range Range
}

// Task is one entry of `tasks:`. A task with `map:` fans out into one element
// per item of its (zipped, or with Product crossed) lists.
type Task struct {
	Name    string
	Range   Range // the task's key in the file
	Op      string
	OpRange Range
	With    []Arg  // the same for every element (Prefect's unmapped)
	Map     []Arg  // iterated element by element
	Product bool   // cross the map lists instead of zipping them
	Flatten bool   // flatten one level of nesting in each map list
	Persist bool   // keep each element's result in the run store
	Cache   *Cache // reuse stored results across runs; nil when absent
	After   []Ref  // ordering-only dependencies
	When    Value  // skip unless this evaluates true; IsZero when absent
	Options Options
}

// Retention is the retention: block: how many runs of the flow the run
// store keeps (nil fields: no limit of that kind).
type Retention struct {
	Keep  *int
	Older *Duration
	Range Range
}

// Cache is a task's cache: block: the key its results are stored under
// besides the operator and arguments, and how long they stay usable.
type Cache struct {
	Key   Value
	TTL   *Duration // nil: no limit
	Range Range
}

// Trigger decides whether a task runs given the states of its upstream tasks.
type Trigger string

// Triggers. AllSuccess is the default.
const (
	AllSuccess Trigger = "all_success"
	AllDone    Trigger = "all_done"
	AnyFailed  Trigger = "any_failed"
)

// Duration is a time span written as "1m30s", "500ms" or a number of seconds.
type Duration struct {
	time.Duration
	Range Range
}

// Output is one entry of `outputs:`: a name shown in the run summary and the
// value it reports.
type Output struct {
	Name  string
	Value Value
	Range Range
}

// Executor is the `executor:` block: where the flow runs unless a flag or the
// environment says otherwise.
type Executor struct {
	Kind  string // "local" or "dask"
	Local *LocalExecutor
	Dask  *DaskExecutor
	Range Range
}

// LocalExecutor configures the in-process executor.
type LocalExecutor struct {
	Workers int // 0 means one per CPU
}

// DaskExecutor configures a Dask distributed cluster.
type DaskExecutor struct {
	Address string // tcp://host:port or tls://host:port (see address.CheckDask)
	// AddressAt is where the address was written.
	AddressAt Range
	Timeout   *Duration
	Security  *Security
	Gateway   *Gateway
	Range     Range
}

// Security holds mutual-TLS files for a tls:// address, and the name the
// client sends as the TLS server name (SNI). At records where each field was
// written, by its name (ca_file, ...), so a setting's source is its own line.
type Security struct {
	CAFile     string
	CertFile   string
	KeyFile    string
	ServerName string
	At         map[string]Range
	Range      Range
}

// Gateway names a Dask Gateway server and the cluster to use or create.
// At records where each field was written, by its name.
type Gateway struct {
	Address       string // http(s)://host:port of the gateway API
	ProxyAddress  string // host:port or tls://host:port of its TLS proxy; "" derives it
	PublicAddress string // base of dashboard links; "" means Address
	Cluster       string // existing cluster name; empty creates one
	Auth          string // "", basic, jupyterhub, kerberos
	User          string // basic auth user; "" means the login name
	PasswordEnv   string // the environment variable holding the basic password
	Workers       *int   // scale the cluster to this many workers
	Adapt         *Adapt // let the gateway scale between bounds
	Keep          bool   // leave a created cluster running after the run
	Options       map[string]any
	At            map[string]Range
	Range         Range
}

// Adapt is gateway: adapt:, the bounds of an adaptive cluster.
type Adapt struct {
	Minimum *int
	Maximum *int
	Range   Range
}

// Python is the python: block: where py: operators' modules are found and
// which interpreter runs them.
type Python struct {
	Path        []string // directories relative to the flow file, in order
	Interpreter string   // "" when the file names none
	Range       Range
}

// Plugin is one entry of plugins:: a namespace and its executable, as
// written (relative to the flow file unless absolute).
type Plugin struct {
	Name  string
	Path  string
	Range Range // the entry's key
}
