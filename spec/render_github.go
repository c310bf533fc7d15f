package spec

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// renderGitHub writes GitHub Actions workflow commands, one per diagnostic,
// so a CI run annotates the flow file's lines in the pull request:
//
//	::error file=flow.yaml,line=10,col=5,endColumn=12,title=flowspec::unknown field ...
func renderGitHub(w io.Writer, ds Diagnostics) error {
	bw := bufio.NewWriter(w)
	for _, d := range ds {
		kind := "error"
		if d.Severity == Warning {
			kind = "warning"
		}
		msg := d.Message
		if d.Hint != "" {
			msg += " (" + d.Hint + ")"
		}
		fmt.Fprintln(bw, GitHubCommand(kind, d.Range, "flowspec", msg))
	}
	return bw.Flush()
}

// GitHubCommand is one GitHub Actions annotation (kind error, warning or
// notice) of msg at r, escaped as the runner expects; flowspec diff
// annotates pull requests with it too.
func GitHubCommand(kind string, r Range, title, msg string) string {
	props := []string{"file=" + ghProperty(r.File)}
	if s := r.Start; s.IsValid() {
		props = append(props, fmt.Sprintf("line=%d", s.Line), fmt.Sprintf("col=%d", s.Column))
		if e := r.End; e.Line == s.Line && e.Column > s.Column {
			props = append(props, fmt.Sprintf("endColumn=%d", e.Column))
		}
	}
	props = append(props, "title="+ghProperty(title))
	return fmt.Sprintf("::%s %s::%s", kind, strings.Join(props, ","), ghData(msg))
}

// ghData escapes a workflow command's message as GitHub's runner expects.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a property value, where : and , are separators too.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
