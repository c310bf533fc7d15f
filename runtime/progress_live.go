package runtime

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/flowspec/flowspec/internal/tty"
)

const (
	liveInterval = 100 * time.Millisecond // at most ten redraws a second
	liveGroups   = 6                      // running groups shown; the rest are counted
	maxBar       = 30
	minBar       = 10
)

// ANSI sequences the live view uses; colour ones only when allowed.
const (
	ansiGreen = "\x1b[32m"
	ansiRed   = "\x1b[31m"
	ansiDim   = "\x1b[2m"
	ansiReset = "\x1b[0m"
)

// liveView is the status block at the bottom of a terminal: one row per
// running group and a footer with the elapsed time and totals. Lines that
// stay are printed above it; it is redrawn on a ticker and erased on Close.
// Its methods run with the Progress's mutex held.
type liveView struct {
	p     *Progress
	drawn int // lines of the block now on screen
	quit  chan struct{}
	done  chan struct{}
}

// startLive starts redrawing p's status every interval (never, if 0).
func startLive(p *Progress, every time.Duration) *liveView {
	if p.width <= 0 {
		p.width = tty.Width(p.w)
	}
	v := &liveView{p: p, quit: make(chan struct{}), done: make(chan struct{})}
	go v.loop(every)
	return v
}

func (v *liveView) loop(every time.Duration) {
	defer close(v.done)
	if every <= 0 {
		<-v.quit
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-v.quit:
			return
		case <-t.C:
			v.p.mu.Lock()
			if !v.p.closed {
				v.redraw()
			}
			v.p.mu.Unlock()
		}
	}
}

// stop ends the ticker; the block stays until erase.
func (v *liveView) stop() {
	close(v.quit)
	<-v.done
}

// printAbove writes a line that stays, then the block again, in one write.
func (v *liveView) printAbove(line string) {
	var b strings.Builder
	v.clear(&b)
	b.WriteString(line)
	b.WriteByte('\n')
	v.frame(&b)
	io.WriteString(v.p.w, b.String())
}

// redraw replaces the block with a fresh one.
func (v *liveView) redraw() {
	var b strings.Builder
	v.clear(&b)
	v.frame(&b)
	io.WriteString(v.p.w, b.String())
}

// erase removes the block.
func (v *liveView) erase() {
	var b strings.Builder
	v.clear(&b)
	io.WriteString(v.p.w, b.String())
}

// clear moves the cursor to the block's first line and clears to the end of
// the screen.
func (v *liveView) clear(b *strings.Builder) {
	if v.drawn > 0 {
		fmt.Fprintf(b, "\x1b[%dA\x1b[J", v.drawn)
		v.drawn = 0
	}
}

// frame writes the block, each line ending in a newline.
func (v *liveView) frame(b *strings.Builder) {
	for _, line := range v.lines() {
		b.WriteString(line)
		b.WriteByte('\n')
		v.drawn++
	}
}

// lines renders the block: running groups in graph order, then the footer.
func (v *liveView) lines() []string {
	p := v.p
	var active []*groupStat
	running := 0
	for i := range p.stats {
		s := &p.stats[i]
		running += s.counts[Running]
		if !s.first.IsZero() && s.finished < s.total {
			active = append(active, s)
		}
	}
	nameW := 0
	for _, s := range active[:min(len(active), liveGroups)] {
		nameW = max(nameW, utf8.RuneCountInString(s.name))
	}
	var out []string
	for k, s := range active {
		if k == liveGroups {
			out = append(out, fmt.Sprintf(" … %d more groups running", len(active)-k))
			break
		}
		out = append(out, v.row(s, nameW))
	}
	return append(out, v.footer(running))
}

// row renders one group: name, bar, done/total and any failures, fitted to
// the terminal's width.
func (v *liveView) row(s *groupStat, nameW int) string {
	counts := fmt.Sprintf("%*d/%d", digits(s.total), s.finished, s.total)
	extra := ""
	if n := s.counts[Failed]; n > 0 {
		extra = fmt.Sprintf("  %d failed", n)
	}
	room := v.p.width - 1 - len(counts) - len(extra) - 3 // leading space, two gaps
	nameW = min(nameW, max(room-minBar, 8))
	barW := min(maxBar, room-nameW)
	var b strings.Builder
	b.WriteByte(' ')
	b.WriteString(padName(s.name, nameW))
	if barW >= minBar {
		b.WriteByte(' ')
		b.WriteString(v.bar(s.finished, s.total, barW))
	}
	b.WriteByte(' ')
	b.WriteString(counts)
	if extra != "" {
		b.WriteString(v.paint(ansiRed, extra))
	}
	return b.String()
}

// footer is the block's last line: elapsed time and totals.
func (v *liveView) footer(running int) string {
	p := v.p
	line := fmt.Sprintf(" %s  %d/%d tasks  %d running", formatDuration(p.now().Sub(p.start)), p.done, len(p.g.Tasks), running)
	if p.failed > 0 {
		line += v.paint(ansiRed, fmt.Sprintf("  %d failed", p.failed))
	}
	return line
}

// bar draws done/total as width cells.
func (v *liveView) bar(done, total, width int) string {
	filled := width
	if total > 0 {
		filled = done * width / total
	}
	return v.paint(ansiGreen, strings.Repeat("█", filled)) + v.paint(ansiDim, strings.Repeat("░", width-filled))
}

// paint wraps s in a colour when colour is on.
func (v *liveView) paint(color, s string) string {
	if !v.p.color || s == "" {
		return s
	}
	return color + s + ansiReset
}

// padName fits name to exactly w columns, cutting it with "…" if needed.
func padName(name string, w int) string {
	n := utf8.RuneCountInString(name)
	if n > w {
		r := []rune(name)
		return string(r[:w-1]) + "…"
	}
	return name + strings.Repeat(" ", w-n)
}

// digits is the number of decimal digits of n >= 0.
func digits(n int) int {
	d := 1
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}
