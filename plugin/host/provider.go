package host

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/flowspec/flowspec/internal/subproc"
	"github.com/flowspec/flowspec/operator"
	"github.com/flowspec/flowspec/plugin"
)

// Plugin names one plugin: its namespace, its executable and where the
// flow named it.
type Plugin struct {
	Name string // the namespace: geo for geo.area
	Path string // the executable, absolute or found on PATH
	// Where says where the plugin was named ("flow.yaml:4:3", or "PATH"
	// for flowspec-plugin-NAME found by name), for messages.
	Where string
}

// Config is how plugins run.
type Config struct {
	Workers int       // processes per plugin (0: one per CPU)
	Stderr  io.Writer // where plugins' logs go (default os.Stderr)
	// CacheDir holds describe answers; "" means the user's cache directory,
	// "-" turns caching off.
	CacheDir string
	// DescribeTimeout bounds the describe exchange (default 10s).
	DescribeTimeout time.Duration
}

// Provider resolves one plugin's operators (operator.Provider).
type Provider struct {
	pl   Plugin
	cfg  Config
	once sync.Once
	desc *plugin.Description
	err  error
	pool *subproc.LazyPool
}

// New returns the provider of pl.
func New(pl Plugin, cfg Config) *Provider {
	p := &Provider{pl: pl, cfg: cfg}
	p.pool = subproc.NewLazyPool(cfg.Workers, p.start)
	return p
}

// Register makes reg resolve pl's operators (NAME.OP) through a new provider.
func Register(reg *operator.Registry, pl Plugin, cfg Config) *Provider {
	p := New(pl, cfg)
	reg.Provide(pl.Name+".", p)
	return p
}

// who names the plugin in messages: plugin geo (/x/bin/flowspec-geo,
// named at flow.yaml:4:3), or (…, found on PATH).
func (p *Provider) who() string {
	if p.pl.Where == "PATH" {
		return fmt.Sprintf("plugin %s (%s, found on PATH)", p.pl.Name, p.pl.Path)
	}
	return fmt.Sprintf("plugin %s (%s, named at %s)", p.pl.Name, p.pl.Path, p.pl.Where)
}

// Describe returns the plugin's answer to describe, asking once.
func (p *Provider) Describe() (*plugin.Description, error) {
	p.once.Do(func() { p.desc, p.err = p.describe() })
	return p.desc, p.err
}

// Op resolves NAME.OP (operator.Provider).
func (p *Provider) Op(name string) (*operator.Op, error) {
	d, err := p.Describe()
	if err != nil {
		return nil, err
	}
	short := strings.TrimPrefix(name, p.pl.Name+".")
	for _, info := range d.Operators {
		if info.Name == short {
			return p.op(info)
		}
	}
	hint := "it describes no operators"
	if len(d.Operators) > 0 {
		hint = "its operators are " + strings.Join(p.Near(name), ", ")
	}
	return nil, unknown{fmt.Sprintf(": %s has no operator %s", p.who(), short), hint}
}

// unknown is the error for an operator the plugin does not have.
type unknown struct{ detail, hint string }

func (e unknown) Error() string { return operator.ErrUnknown.Error() + e.detail }
func (e unknown) Unwrap() error { return operator.ErrUnknown }
func (e unknown) Hint() string  { return e.hint }

// Near lists the plugin's operators, namespaced (operator.Provider).
func (p *Provider) Near(string) []string {
	d, err := p.Describe()
	if err != nil {
		return nil
	}
	out := make([]string, len(d.Operators))
	for i, info := range d.Operators {
		out[i] = p.pl.Name + "." + info.Name
	}
	sort.Strings(out)
	return out
}

// SetWorkers sets how many processes may run at once; it applies to a
// pool not yet started.
func (p *Provider) SetWorkers(n int) { p.pool.SetSize(n) }

// workers returns the pool, made on first use.
func (p *Provider) workers() *subproc.Pool { return p.pool.Pool() }

// Close ends the plugin's processes (io.Closer).
func (p *Provider) Close() error {
	p.pool.Close()
	return nil
}

// stderr is where the plugin's log goes.
func (p *Provider) stderr() io.Writer {
	if p.cfg.Stderr != nil {
		return p.cfg.Stderr
	}
	return os.Stderr
}
