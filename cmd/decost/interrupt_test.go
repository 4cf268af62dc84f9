package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestInterruptedSweep: SIGINT or SIGTERM during a streamed sweep (docs/cost-10m.yaml, 10^7
// points, 3.2 GB of CSV) stops it: exit 130 or 143, one line on stderr saying what stopped
// and that no file was written, and nothing left in --out (before, the ≈1 GB temporary file
// stayed, and nothing was said).
func TestInterruptedSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("runs decost in a child process until it has started writing")
	}
	for _, tc := range []struct {
		sig  syscall.Signal
		name string
		code int
	}{{syscall.SIGINT, "SIGINT", 130}, {syscall.SIGTERM, "SIGTERM", 143}} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "D")
			cmd := exec.Command(os.Args[0], "sweep", filepath.Join("..", "..", "docs", "cost-10m.yaml"), "--out", out, "--quiet")
			cmd.Env = append(os.Environ(), "DECOST_AS_MAIN=1")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			// Wait until the temporary CSV exists and is growing: the sweep is writing.
			deadline := time.Now().Add(60 * time.Second)
			for {
				tmp, _ := filepath.Glob(filepath.Join(out, ".cost-10m.csv.tmp*"))
				if len(tmp) == 1 {
					if st, err := os.Stat(tmp[0]); err == nil && st.Size() > 0 {
						break
					}
				}
				if time.Now().After(deadline) {
					t.Fatalf("no temporary CSV after 60 s; stderr %q", stderr.String())
				}
				time.Sleep(20 * time.Millisecond)
			}
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			if code != tc.code {
				t.Errorf("exit %d (%v), want %d", code, err, tc.code)
			}
			want := "decost: interrupted by " + tc.name + ": sweep " + filepath.Join("..", "..", "docs", "cost-10m.yaml") +
				" --out " + out + " --quiet stopped; no output file was written, temporary files removed\n"
			if got := stderr.String(); !strings.HasSuffix(got, want) || strings.Count(got, "interrupted") != 1 {
				t.Errorf("stderr %q, want it to end in %q", got, want)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout %q, want nothing", stdout.String())
			}
			if left, _ := filepath.Glob(filepath.Join(out, "*")); len(left) > 0 {
				t.Errorf("left in --out: %v", left)
			}
			if hidden, _ := filepath.Glob(filepath.Join(out, ".*")); len(hidden) > 0 {
				t.Errorf("left in --out: %v", hidden)
			}
		})
	}
}
