package address

import (
	"strings"
	"testing"
)

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"tcp://user:secret@host:8786":                                      "tcp://user:***@host:8786",
		"cannot reach Dask scheduler at tcp://u:p@h:1: connection refused": "cannot reach Dask scheduler at tcp://u:***@h:1: connection refused",
		`address: "tls://u:p@ss@h:8786" # quoted`:                          `address: "tls://u:***@h:8786" # quoted`,
		"https://token@gateway.example.com/api":                            "https://***@gateway.example.com/api",
		"  address: admin:hunter2@10.0.0.1:8786":                           "  address: admin:***@10.0.0.1:8786",
		"mail ops@example.com about tcp://h:8786":                          "mail ops@example.com about tcp://h:8786",
		"https://h/path@not-a-user":                                        "https://h/path@not-a-user",
		"no at sign: tcp://h:1":                                            "no at sign: tcp://h:1",
		"two 'tcp://a:b@h' and `tls://c:d@h`":                              "two 'tcp://a:***@h' and `tls://c:***@h`",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckDask(t *testing.T) {
	for _, ok := range []string{"tcp://127.0.0.1:8786", "tls://scheduler.example.com:8786", "127.0.0.1:8786", "tcp://[::1]:8786", "tcp://dask_scheduler-1:1", "tcp://h:65535", "gateway://gw:8000", "gateway://127.0.0.1:8000/8676a31eeb88428abaefa3565de1ffe0"} {
		if p := CheckDask(ok); p != nil {
			t.Errorf("CheckDask(%q) = %v, want nil", ok, p)
		}
	}
	for addr, want := range map[string]string{
		"":                          "is empty",
		"tcp://h:8786\r\nX-Evil: 1": "contains a carriage return (CR) at byte 13",
		"tcp://h:87\n86":            "contains a line feed (LF) at byte 11",
		"tcp://h\x00:8786":          "contains the control character U+0000 at byte 8",
		"tcp://h\xff:8786":          "a byte that is not UTF-8",
		"udp://h:8786":              `unsupported scheme "udp"`,
		"TCP://h:8786":              "write the scheme in lower case: tcp://",
		"http://h:8787":             "web address",
		"gateway://gw:8000/a/b":     `the cluster name "a/b" has '/'`,
		"gateway://gw:8000/":        "without a cluster name",
		"gateway://gw":              "has no port",
		"tcp://user:secret@h:8786":  `"tcp://user:***@h:8786" has a user or password`,
		"tcp://h:8786/status":       `has a path after the host and port`,
		"tcp://":                    "has no host",
		"tcp://h":                   "has no port",
		"h":                         "has no port",
		"tcp://::1:8786":            "IPv6 host without brackets",
		"tcp://[fe80::zz]:8786":     "is not an IPv6 address",
		"tcp://h:0":                 "not a number from 1 to 65535",
		"tcp://h:65536":             "not a number from 1 to 65535",
		"tcp://h:-1":                "not a number from 1 to 65535",
		"tcp://h:+86":               "not a number from 1 to 65535",
		"tcp://h:port":              "not a number from 1 to 65535",
		"tcp://:8786":               `host "" is empty`,
		"tcp://ho st:8786":          `has ' '`,
		"tcp://a..b:8786":           "empty label",
		"tcp://-a:8786":             "starts or ends with '-'",
		"tcp://" + strings.Repeat("a", 64) + ":1": "longer than 63",
	} {
		p := CheckDask(addr)
		if p == nil {
			t.Errorf("CheckDask(%q) = nil, want %q", addr, want)
			continue
		}
		if !strings.Contains(p.Msg+": "+p.Hint, want) {
			t.Errorf("CheckDask(%q) = %q, want it to say %q", addr, p.Error(), want)
		}
		if strings.Contains(p.Error(), "secret") {
			t.Errorf("CheckDask(%q) shows the password: %q", addr, p.Error())
		}
	}
}

// TestCheckDaskOffset: the offset points at the offending byte, so the
// flow file's diagnostic can point at its column.
func TestCheckDaskOffset(t *testing.T) {
	for addr, want := range map[string]int{"tcp://h:87\n86": 10, "tcp://h:99999": 8, "tcp://h:1/x": 9, "udp://h:1": 0} {
		if p := CheckDask(addr); p == nil || p.Offset != want {
			t.Errorf("CheckDask(%q) = %+v, want offset %d", addr, p, want)
		}
	}
}

// TestRedactLine: a caret's column follows the masked text.
func TestRedactLine(t *testing.T) {
	line := `x: "tcp://u:hunter2@h:1", y: 2`
	got, move := RedactLine(line)
	if got != `x: "tcp://u:***@h:1", y: 2` {
		t.Fatalf("RedactLine = %q", got)
	}
	for col, want := range map[int]int{1: 1, 13: 13, 16: 13, 20: 16, 27: 23} {
		if m := move(col); m != want {
			t.Errorf("column %d moves to %d, want %d", col, m, want)
		}
	}
}
