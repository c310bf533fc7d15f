package host

import (
	"os"
	"strconv"

	"github.com/flowspec/flowspec/internal/subproc"
	"github.com/flowspec/flowspec/plugin"
)

// cacheKey is the key of the plugin's describe answer: a hash of the
// executable's content and the protocol version, or "" when it cannot be
// read (then it is asked each time).
func (p *Provider) cacheKey() string {
	if p.cfg.CacheDir == "-" {
		return ""
	}
	b, err := os.ReadFile(p.pl.Path)
	if err != nil {
		return ""
	}
	return subproc.Key("plugin", strconv.Itoa(plugin.Version), string(b))
}

// cache is where describe answers are kept.
func (p *Provider) cache() subproc.Cache {
	if p.cfg.CacheDir != "" {
		return subproc.Cache{Dir: p.cfg.CacheDir}
	}
	return subproc.UserCache("plugins")
}
