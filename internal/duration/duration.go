// Package duration reads every duration decost takes on its command line by one rule: a
// number with its unit, in Go's notation — ns, us (or µs), ms, s, m, h, and combinations such
// as 1m30s; fractions too (0.05s, 2.5ms). A bare number is an error, since "50" might mean
// 50 ms or 50 s; the one exception is 0, which needs no unit. Each flag also has a range,
// and a value outside it is an error that names the range.
//
// Scenario files keep their units in the key instead (tpot_sla_ms: 50).
package duration

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Rule is the rule in words, for help texts.
const Rule = `durations take a unit: 50ms, 0.05s, 10us (ns, us or µs, ms, s, m, h); a bare
  number other than 0 is an error`

// Range is the inclusive range a duration flag accepts.
type Range struct {
	Min, Max time.Duration
}

// Parse reads s by the package's rule and checks it against r.
func Parse(s string, r Range) (time.Duration, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("empty; want a duration with its unit, e.g. 50ms")
	}
	if _, err := strconv.ParseFloat(t, 64); err == nil && t != "0" {
		return 0, fmt.Errorf("%s has no unit; want a duration with its unit, e.g. %sms or %ss", t, t, t)
	}
	d, err := time.ParseDuration(strings.ReplaceAll(t, "µ", "u"))
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration; want a number with its unit, e.g. 50ms (ns, us, ms, s, m, h)", t)
	}
	if d < r.Min || d > r.Max {
		return 0, fmt.Errorf("%s is outside %s…%s", t, Short(r.Min), Short(r.Max))
	}
	return d, nil
}

// Short writes d as Go does, without zero trailing units: 1h, not 1h0m0s.
func Short(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// Value is a duration flag (it implements pflag.Value): register it with FlagSet.Var.
type Value struct {
	d *time.Duration
	r Range
}

// NewValue makes a flag value that stores into d, starting at def, within r.
func NewValue(d *time.Duration, def time.Duration, r Range) *Value {
	*d = def
	return &Value{d: d, r: r}
}

// Set parses s (see Parse).
func (v *Value) Set(s string) error {
	d, err := Parse(s, v.r)
	if err != nil {
		return err
	}
	*v.d = d
	return nil
}

// String is the value in Go's notation (50ms).
func (v *Value) String() string { return Short(*v.d) }

// Type names the flag's kind in help.
func (v *Value) Type() string { return "duration" }

// Seconds converts a duration in seconds (a library value, e.g. a default) to a
// time.Duration, for a flag's default.
func Seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
