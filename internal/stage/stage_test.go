package stage

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// entries lists what is in dir, recursively, as slash paths.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

// TestSetAllOrNone: a set writes every file at Commit, or none. Before, a run whose second
// output failed (its path a folder) had already written the first.
func TestSetAllOrNone(t *testing.T) {
	t.Run("one path twice", func(t *testing.T) {
		// calibrate -o x --kernel-table x: the second file replaced the first without a word
		dir := t.TempDir()
		var s Set
		defer s.Abort()
		if err := s.Write(filepath.Join(dir, "x"), writeString("a")); err != nil {
			t.Fatal(err)
		}
		want := "write " + filepath.Join(dir, ".", "x") + ": two outputs name this file; give each its own"
		if err := s.Write(filepath.Join(dir, ".", "x"), writeString("b")); err == nil || err.Error() != want {
			t.Errorf("%v; want %q", err, want)
		}
	})
	t.Run("commit", func(t *testing.T) {
		dir := t.TempDir()
		var s Set
		if err := s.Write(filepath.Join(dir, "a.csv"), writeString("a")); err != nil {
			t.Fatal(err)
		}
		if err := s.Write(filepath.Join(dir, "sub", "b.txt"), writeString("b")); err != nil {
			t.Fatal(err)
		}
		if got := entries(t, dir); len(got) != 3 || !strings.HasPrefix(got[0], ".a.csv.tmp") {
			t.Errorf("before Commit: %v, want the temporary files only", got) // .a.csv.tmp…, sub, sub/.b.txt.tmp…
		}
		if err := s.Commit(); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(entries(t, dir), " "); got != "a.csv sub sub/b.txt" {
			t.Errorf("after Commit: %s", got)
		}
		s.Abort() // no-op after Commit
		if got, _ := os.ReadFile(filepath.Join(dir, "sub", "b.txt")); string(got) != "b" {
			t.Errorf("b.txt holds %q", got)
		}
	})
	t.Run("a destination is a folder", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.Mkdir(filepath.Join(dir, "pareto.csv"), 0o755); err != nil {
			t.Fatal(err)
		}
		var s Set
		for _, name := range []string{"table.txt", "pareto.csv"} {
			if err := s.Write(filepath.Join(dir, name), writeString(name)); err != nil {
				t.Fatal(err)
			}
		}
		err := s.Commit()
		if err == nil || !strings.Contains(err.Error(), "pareto.csv: a folder is there; nothing was written") {
			t.Fatalf("Commit: %v", err)
		}
		if got := strings.Join(entries(t, dir), " "); got != "pareto.csv" {
			t.Errorf("left: %s, want only the folder that was there", got)
		}
	})
	t.Run("a write fails", func(t *testing.T) {
		dir := t.TempDir()
		var s Set
		if err := s.Write(filepath.Join(dir, "new", "a.csv"), writeString("a")); err != nil {
			t.Fatal(err)
		}
		err := s.Write(filepath.Join(dir, "new", "b.png"), func(io.Writer) error { return errors.New("no row matches") })
		if err == nil || !strings.Contains(err.Error(), "no row matches") {
			t.Fatalf("Write: %v", err)
		}
		s.Abort()
		if got := entries(t, dir); len(got) != 0 {
			t.Errorf("left after Abort: %v, want nothing (not even the folder the set made)", got)
		}
	})
}

// TestRemoveAll: the temporary files alive are removed, those released are not tracked.
func TestRemoveAll(t *testing.T) {
	dir := t.TempDir()
	var s Set
	if err := s.Write(filepath.Join(dir, "a.csv"), writeString("a")); err != nil {
		t.Fatal(err)
	}
	f, release, err := CreateTemp(filepath.Join(dir, "b.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, releaseG, err := CreateTemp(filepath.Join(dir, "c.csv"))
	if err != nil {
		t.Fatal(err)
	}
	g.Close()
	releaseG() // renamed into place, say: no longer a temporary file
	if n := RemoveAll(); n != 2 {
		t.Errorf("removed %d, want 2 (a.csv's and b.csv's temporary files)", n)
	}
	release()
	if got := entries(t, dir); len(got) != 1 || !strings.HasPrefix(got[0], ".c.csv.tmp") {
		t.Errorf("left: %v, want only the released file", got)
	}
}

func TestExitCode(t *testing.T) {
	for sig, want := range map[os.Signal]int{os.Interrupt: 130, syscall.SIGTERM: 143} {
		if got := ExitCode(sig); got != want {
			t.Errorf("%v: %d, want %d", sig, got, want)
		}
	}
}
