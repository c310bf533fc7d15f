package address

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"unicode/utf8"
)

// DaskSchemes are the comm protocols flowspec speaks to a scheduler; Dask's
// others (inproc, ucx, ws) need Python on this machine, which flowspec
// avoids.
var DaskSchemes = []string{"tcp", "tls"}

// Problem is what is wrong with an address: Msg says it (with the address
// redacted), Hint says how to fix it, and Offset is the byte of the address
// where the problem is (0 when it is the whole address).
type Problem struct {
	Msg    string
	Hint   string
	Offset int
}

func (p *Problem) Error() string { return p.Msg + ": " + p.Hint }

// hint is the fix most problems share.
const hint = "write tcp://host:8786 or tls://host:8786"

// CheckDask checks a scheduler address as written: tcp://host:port,
// tls://host:port, host:port (which Dask reads as tcp), or
// gateway://host:port[/cluster] (a Dask Gateway's proxy and, optionally,
// one of its clusters, as Dask Gateway writes scheduler addresses). It
// refuses control characters (a CR or LF would split the lines flowspec
// logs), other schemes (with the fix), credentials (Dask authenticates
// with TLS certificates; the message masks them), a missing or out-of-range
// port, a host that is not a host name or an IP address (IPv6 in brackets),
// and a path after the port. nil means the address is well formed.
func CheckDask(addr string) *Problem {
	if p := checkControl(addr); p != nil {
		return p
	}
	scheme, rest, found := strings.Cut(addr, "://")
	if !found {
		rest = addr // host:port, which Dask reads as tcp
	} else if p := checkScheme(addr, scheme); p != nil {
		return p
	}
	offset := len(addr) - len(rest)
	if at := strings.LastIndexByte(rest, '@'); at >= 0 {
		return &Problem{Msg: fmt.Sprintf("Dask address %q has a user or password", Redact(addr)), Offset: offset,
			Hint: "remove the user, the password and the @ (tcp://host:8786): Dask schedulers take no password; to authenticate, use a tls:// address with certificates (executor.dask.security)"}
	}
	if scheme == "gateway" {
		if p := checkClusterName(addr, rest); p != nil {
			return p
		}
		rest, _, _ = strings.Cut(rest, "/")
	}
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		return &Problem{Msg: fmt.Sprintf("Dask address %q has a path after the host and port", Redact(addr)), Offset: offset + i,
			Hint: "remove " + strconv.Quote(rest[i:]) + ": " + hint}
	}
	return checkHostPort(addr, rest, offset)
}

// checkControl refuses bytes below space, DEL and invalid UTF-8.
func checkControl(addr string) *Problem {
	for i, r := range addr {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return &Problem{Msg: fmt.Sprintf("Dask address %q contains %s at byte %d", Redact(addr), describeRune(r), i+1), Offset: i,
				Hint: "remove it: an address is one line of printable text, e.g. tcp://host:8786"}
		}
	}
	if addr == "" {
		return &Problem{Msg: "Dask address is empty", Hint: hint}
	}
	return nil
}

// describeRune names a control character for a message.
func describeRune(r rune) string {
	switch r {
	case '\n':
		return "a line feed (LF)"
	case '\r':
		return "a carriage return (CR)"
	case '\t':
		return "a tab"
	case utf8.RuneError:
		return "a byte that is not UTF-8"
	}
	return fmt.Sprintf("the control character U+%04X", r)
}

// checkScheme accepts tcp and tls, and says what to do instead of others.
func checkScheme(addr, scheme string) *Problem {
	for _, s := range DaskSchemes {
		if s == scheme {
			return nil
		}
	}
	if scheme == "gateway" {
		return nil
	}
	shown := Redact(addr)
	fix := hint + " (flowspec speaks tcp and tls)"
	switch strings.ToLower(scheme) {
	case "tcp", "tls":
		fix = "write the scheme in lower case: " + strings.ToLower(scheme) + "://"
	case "http", "https", "ws", "wss":
		fix = "that is a web address (the dashboard?); the scheduler listens on tcp://host:8786 or tls://host:8786"
	}
	return &Problem{Msg: fmt.Sprintf("Dask address %q has unsupported scheme %q", shown, scheme), Hint: fix}
}

// checkClusterName accepts gateway://host:port with no path or one path
// segment, a cluster name of letters, digits, '.', '-' and '_'.
func checkClusterName(addr, rest string) *Problem {
	_, name, found := strings.Cut(rest, "/")
	if !found {
		return nil
	}
	for i, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return &Problem{Msg: fmt.Sprintf("Dask address %q: the cluster name %q has %q, which a Dask Gateway cluster name cannot hold", Redact(addr), name, r),
				Offset: len(addr) - len(name) + i, Hint: "write gateway://host:port/CLUSTER, with the name flowspec dask gateway list shows"}
		}
	}
	if name == "" {
		return &Problem{Msg: fmt.Sprintf("Dask address %q ends in '/' without a cluster name", Redact(addr)), Offset: len(addr) - 1,
			Hint: "write gateway://host:port to create a cluster, or gateway://host:port/CLUSTER for an existing one"}
	}
	return nil
}

// checkHostPort checks host:port; offset is where it starts in addr.
func checkHostPort(addr, hostport string, offset int) *Problem {
	host, port, err := net.SplitHostPort(hostport)
	switch {
	case hostport == "":
		return &Problem{Msg: fmt.Sprintf("Dask address %q has no host", Redact(addr)), Offset: offset, Hint: hint}
	case err != nil && strings.Count(hostport, ":") > 1 && !strings.HasPrefix(hostport, "["):
		return &Problem{Msg: fmt.Sprintf("Dask address %q has an IPv6 host without brackets", Redact(addr)), Offset: offset,
			Hint: "put it in brackets: tcp://[::1]:8786"}
	case err != nil:
		return &Problem{Msg: fmt.Sprintf("Dask address %q has no port", Redact(addr)), Offset: offset,
			Hint: "add the scheduler's port (Dask's default is 8786), e.g. " + strings.TrimSuffix(Redact(addr), ":") + ":8786"}
	}
	if p := checkPort(addr, port, offset+len(hostport)-len(port)); p != nil {
		return p
	}
	return checkHost(addr, host, offset)
}

// checkPort wants a decimal number from 1 to 65535.
func checkPort(addr, port string, offset int) *Problem {
	n, err := strconv.Atoi(port)
	if err == nil && n >= 1 && n <= 65535 && port[0] != '+' {
		return nil
	}
	return &Problem{Msg: fmt.Sprintf("Dask address %q has port %q, which is not a number from 1 to 65535", Redact(addr), port), Offset: offset,
		Hint: "use the scheduler's port, e.g. 8786 (Dask's default)"}
}

// checkHost accepts an IP address (IPv6 in brackets) or a host name of
// letters, digits, '-', '_' and '.', in labels of at most 63 characters.
func checkHost(addr, host string, offset int) *Problem {
	bad := func(why string) *Problem {
		return &Problem{Msg: fmt.Sprintf("Dask address %q: host %q %s", Redact(addr), host, why), Offset: offset, Hint: hint}
	}
	switch {
	case host == "":
		return bad("is empty")
	case strings.Contains(host, ":"):
		if net.ParseIP(host) == nil {
			return bad("is not an IPv6 address")
		}
		return nil
	case len(host) > 253:
		return bad("is longer than 253 characters")
	}
	for _, label := range strings.Split(host, ".") {
		if label == "" {
			return bad("has an empty label (two dots, or a dot at an end)")
		}
		if len(label) > 63 {
			return bad("has a label longer than 63 characters")
		}
		if strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return bad("has a label that starts or ends with '-'")
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return bad(fmt.Sprintf("has %q, which a host name cannot hold", r))
			}
		}
	}
	return nil
}
