package scenarios

import "testing"

// TestParseCount: the count notation shared with the command line.
func TestParseCount(t *testing.T) {
	for in, want := range map[string]int{
		"8192": 8192, "8k": 8 * 1024, "32K": 32 * 1024, "1m": 1024 * 1024, "2M": 2 * 1024 * 1024,
		" 128k ": 128 * 1024, "131_072": 131072, "-5": -5, "0": 0,
	} {
		if got, err := ParseCount(in); err != nil || got != want {
			t.Errorf("ParseCount(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "k", "1.5k", "abc", "8kb", "99999999999"} {
		if _, err := ParseCount(bad); err == nil {
			t.Errorf("ParseCount(%q) accepted", bad)
		}
	}
}

// TestIntsMax: the largest value of a list, a stepped range and a geometric range.
func TestIntsMax(t *testing.T) {
	for _, tc := range []struct {
		v    Ints
		want int
	}{
		{Ints{list: []int{8192, 131072, 32768}}, 131072},
		{Ints{from: 1, step: 3, n: 4}, 10},   // 1, 4, 7, 10
		{Ints{from: 1, factor: 2, n: 7}, 64}, // 1, 2, …, 64
		{Ints{}, 0},
	} {
		if got := tc.v.Max(); got != tc.want {
			t.Errorf("%+v.Max() = %d, want %d", tc.v, got, tc.want)
		}
	}
}
