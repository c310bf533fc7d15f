package compiler

import (
	"fmt"
	"math/bits"
	"strings"

	"github.com/flowspec/flowspec/spec"
)

// fits reports whether n more tasks keep the Graph within its task budget
// (Config.MaxTasks), and reports the task at r when they do not, before any
// of them is made. what says where the n comes from.
func (c *compilation) fits(t *spec.Task, r spec.Range, what string, n int) bool {
	limit := c.opts.maxTasks()
	made := len(c.g.Tasks) + c.ruleGroups
	if n >= 0 && n <= limit-made {
		return true
	}
	hint := fmt.Sprintf("map over fewer elements, or raise the limit with --max-tasks (Config.MaxTasks) if the machine has the memory: each task takes about %d bytes to compile", bytesPerTask)
	if n >= 0 && made > 0 {
		c.diags.Errorf(r, hint, "task %q: %s, which would bring the flow to %d tasks, more than the limit of %d tasks per flow", t.Name, what, made+n, limit)
		return false
	}
	c.diags.Errorf(r, hint, "task %q: %s, more than the limit of %d tasks per flow", t.Name, what, limit)
	return false
}

// bytesPerTask is what one compiled element costs, rounded up: flowspec
// validate on a map over range(1000000) peaks at about 340 MiB
// (TestValidateMemoryBounded checks that flow against docs/limits.md).
const bytesPerTask = 400

// productSize multiplies the lengths of a product's lists with overflow
// checks and checks the result against the task budget.
func (c *compilation) productSize(t *spec.Task, srcs []source) (int, bool) {
	n := uint64(1)
	overflow := false
	sizes := make([]string, len(srcs))
	for i, s := range srcs {
		hi, lo := bits.Mul64(n, uint64(len(s.items)))
		overflow = overflow || hi != 0 || lo > 1<<62
		n = lo
		sizes[i] = fmt.Sprint(len(s.items))
	}
	what := fmt.Sprintf("product: %s = %d elements", strings.Join(sizes, " × "), n)
	if overflow {
		what = fmt.Sprintf("product: %s elements, past any count", strings.Join(sizes, " × "))
		return 0, c.fits(t, t.Range, what, -1)
	}
	return int(n), c.fits(t, t.Range, what, int(n))
}
