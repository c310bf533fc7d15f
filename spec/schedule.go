package spec

import "time"

// Schedule is the `schedule:` block: one or more clocks and the policies that
// govern runs that overlap or were missed.
type Schedule struct {
	Clocks        []Clock
	Overlap       string    // skip (default), queue, allow
	Catchup       string    // none (default), last, all
	CatchupWindow *Duration // how far back missed ticks are considered
	Jitter        *Duration // random delay added to each tick
	Range         Range
}

// Clock is one source of fire times: an interval or a cron expression.
type Clock struct {
	Every    *Duration  // interval clock
	Start    *time.Time // first fire of an interval clock; nil means now
	End      *time.Time // no fires after this
	Cron     string     // 5-field cron or @hourly-style descriptor
	Timezone string     // IANA zone for cron; "" means local time
	Params   []Arg      // parameter values for runs fired by this clock
	Range    Range
}
