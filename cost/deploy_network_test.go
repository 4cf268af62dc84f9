package cost

import "testing"

// TestMessageBytesPerToken: what one token's hidden state weighs on the network, by hand.
func TestMessageBytesPerToken(t *testing.T) {
	for _, tc := range []struct {
		hidden, group     int
		dispatch, combine float64
	}{
		// Step-3, H = 7168, scales per 128: 7168 + 4·56 = 7392 B out, 2·7168 = 14,336 B back.
		{7168, 128, 7392, 14336},
		// No scales: H bytes of FP8 only.
		{7168, 0, 7168, 14336},
		// H = 2880 (gpt-oss): ⌈2880/128⌉ = ⌈22.5⌉ = 23 scales, 2880 + 92 = 2972; 5760 back.
		{2880, 128, 2972, 5760},
		// A group wider than H still needs one scale: 64 + 4 = 68.
		{64, 128, 68, 128},
	} {
		n := Network{ScaleGroup: tc.group}
		if got := n.DispatchBytesPerToken(tc.hidden); got != tc.dispatch {
			t.Errorf("dispatch H=%d group %d: %v B, want %v", tc.hidden, tc.group, got, tc.dispatch)
		}
		if got := CombineBytesPerToken(tc.hidden); got != tc.combine {
			t.Errorf("combine H=%d: %v B, want %v", tc.hidden, got, tc.combine)
		}
	}
}
