package report

import (
	"fmt"
	"io"
	"os"
	"time"
)

// Progress writes a sweep's progress (to stderr, in decost sweep) once it has run for 2 s:
// on a terminal one line rewritten in place, elsewhere a line every 10 s.
type Progress struct {
	w        io.Writer
	name     string
	start    time.Time
	last     time.Time
	terminal bool
	shown    bool
}

// NewProgress starts the progress of sweep name, written to w.
func NewProgress(w io.Writer, name string) *Progress {
	p := &Progress{w: w, name: name, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.terminal = true
		}
	}
	return p
}

// Update reports done of total points; it suits scenarios.Options.Progress.
func (p *Progress) Update(done, total int64) {
	now := time.Now()
	every := 10 * time.Second
	if p.terminal {
		every = 250 * time.Millisecond
	}
	if now.Sub(p.start) < 2*time.Second || (now.Sub(p.last) < every && done < total) {
		return
	}
	if done >= total && !p.shown {
		return
	}
	p.last, p.shown = now, true
	rate := float64(done) / now.Sub(p.start).Seconds()
	line := fmt.Sprintf("%s: %d / %d points (%.0f%%), %.2g points/s", p.name, done, total, 100*float64(done)/float64(total), rate)
	if p.terminal {
		end := ""
		if done >= total {
			end = "\n"
		}
		fmt.Fprintf(p.w, "\r%s\x1b[K%s", line, end)
		return
	}
	fmt.Fprintln(p.w, line)
}
