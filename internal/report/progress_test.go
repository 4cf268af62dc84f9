package report

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestProgress: silent for the first 2 s, then a line (not a terminal: at most every 10 s),
// and a last line at the end only if something was shown.
func TestProgress(t *testing.T) {
	var b bytes.Buffer
	p := NewProgress(&b, "s")
	p.Update(10, 100)
	if b.Len() != 0 {
		t.Fatalf("progress before 2 s: %q", b.String())
	}
	p.start = time.Now().Add(-3 * time.Second)
	p.Update(30, 100)
	p.Update(40, 100) // within 10 s of the last line
	if got := b.String(); strings.Count(got, "\n") != 1 || !strings.Contains(got, "s: 30 / 100 points (30%)") {
		t.Fatalf("progress after 3 s: %q", got)
	}
	p.Update(100, 100)
	if !strings.Contains(b.String(), "100 / 100 points (100%)") {
		t.Errorf("no final line: %q", b.String())
	}
	// A quick sweep shows nothing at all, not even at the end.
	var q bytes.Buffer
	NewProgress(&q, "s").Update(100, 100)
	if q.Len() != 0 {
		t.Errorf("quick sweep printed %q", q.String())
	}
}
