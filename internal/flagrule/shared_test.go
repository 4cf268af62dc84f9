package flagrule

import (
	"testing"
)

func TestParseContext(t *testing.T) {
	for in, want := range map[string]int{"8192": 8192, "8k": 8192, "32K": 32768, "128k": 131072, "1m": 1048576, " 4096 ": 4096} {
		if got, err := ParseContext(in); err != nil || got != want {
			t.Errorf("ParseContext(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "k", "-1", "1.5k", "abc", "99999999999"} {
		if _, err := ParseContext(bad); err == nil {
			t.Errorf("ParseContext(%q) accepted", bad)
		}
	}
}
