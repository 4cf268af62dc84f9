package duration

import (
	"testing"
	"time"
)

// TestParse: one rule for every duration flag.
func TestParse(t *testing.T) {
	r := Range{Min: time.Nanosecond, Max: time.Hour}
	for _, tc := range []struct {
		in   string
		want time.Duration
		err  string
	}{
		{"50ms", 50 * time.Millisecond, ""},
		{"0.05s", 50 * time.Millisecond, ""},
		{"10µs", 10 * time.Microsecond, ""},
		{"10us", 10 * time.Microsecond, ""},
		{"1m30s", 90 * time.Second, ""},
		{" 2.5ms ", 2500 * time.Microsecond, ""},
		{"1h", time.Hour, ""},
		// a bare number: was 50 ms for deploy --tpot and an error for sparsity --tpot
		{"50", 0, "50 has no unit; want a duration with its unit, e.g. 50ms or 50s"},
		{"0.5", 0, "0.5 has no unit; want a duration with its unit, e.g. 0.5ms or 0.5s"},
		{"0", 0, "0 is outside 1ns…1h"}, // 0 needs no unit, but is below this range
		{"fast", 0, `"fast" is not a duration; want a number with its unit, e.g. 50ms (ns, us, ms, s, m, h)`},
		{"", 0, "empty; want a duration with its unit, e.g. 50ms"},
		{"-5ms", 0, "-5ms is outside 1ns…1h"},
		{"1000000h", 0, "1000000h is outside 1ns…1h"},
	} {
		got, err := Parse(tc.in, r)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%q: %v, %v; want error %q", tc.in, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%q: %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	if d, err := Parse("0", Range{Max: time.Second}); err != nil || d != 0 {
		t.Errorf("0 in a range from 0: %v, %v", d, err)
	}
}

func TestValue(t *testing.T) {
	var d time.Duration
	v := NewValue(&d, 50*time.Millisecond, Range{Min: time.Nanosecond, Max: time.Hour})
	if v.String() != "50ms" || v.Type() != "duration" {
		t.Errorf("default %s, type %s", v, v.Type())
	}
	if err := v.Set("30ms"); err != nil || d != 30*time.Millisecond {
		t.Errorf("Set 30ms: %v, %v", d, err)
	}
	if err := v.Set("30"); err == nil || d != 30*time.Millisecond {
		t.Errorf("Set 30: %v, %v; want an error and the value unchanged", d, err)
	}
}
