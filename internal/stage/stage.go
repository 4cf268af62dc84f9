// Package stage writes a run's output files all or none, and cleans up after an interrupt.
//
// A Set stages each output in a temporary file beside its path; Commit renames them all into
// place once every one has been written, Abort removes them (and the folders the set made).
// Every temporary file decost makes, staged or written alone (render.WriteFile), is tracked
// process-wide, so that RemoveAll can delete them when SIGINT or SIGTERM ends the process
// (see Watch).
package stage

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// temps are the temporary files alive now, for RemoveAll.
var temps = struct {
	sync.Mutex
	files map[string]bool
}{files: map[string]bool{}}

// CreateTemp creates a temporary file for path in path's folder (".NAME.tmp…", mode 0644 once
// written) and tracks it until release is called; RemoveAll removes it before then.
func CreateTemp(path string) (f *os.File, release func(), err error) {
	f, err = os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return nil, nil, err
	}
	name := f.Name()
	temps.Lock()
	temps.files[name] = true
	temps.Unlock()
	return f, func() {
		temps.Lock()
		delete(temps.files, name)
		temps.Unlock()
	}, nil
}

// RemoveAll removes every tracked temporary file and returns how many it removed. The
// files stay tracked, so that a file still open for writing goes too when the process
// exits (its name is gone).
func RemoveAll() int {
	temps.Lock()
	defer temps.Unlock()
	n := 0
	for name := range temps.files {
		if os.Remove(name) == nil {
			n++
		}
		delete(temps.files, name)
	}
	return n
}

// errInterrupted is Commit's and Place's error once a signal has arrived.
var errInterrupted = errors.New("interrupted: nothing was written")

// Place moves the temporary file tmp to path, unless a signal has arrived (then it removes
// tmp and returns an error): a file written alone, as render.WriteFile does.
func Place(tmp, path string) error {
	if Interrupted() {
		os.Remove(tmp)
		return errInterrupted
	}
	return os.Rename(tmp, path)
}

// Set is the output files of one run, staged until Commit.
type Set struct {
	// ExistingFolders makes Write fail for a path whose folder does not exist, instead of
	// making it: for files the user names one by one (-o), where a missing folder is a typo.
	ExistingFolders bool

	mu      sync.Mutex
	files   []staged
	dirs    []string // folders the set made, outermost first
	settled bool     // committed or aborted
}

type staged struct {
	tmp, path string
	release   func()
}

// Write stages the file at path: write fills a temporary file beside it (making path's
// folder if needed). On an error the temporary file is removed; what was staged before
// stays staged, for Commit or Abort.
func (s *Set) Write(path string, write func(w io.Writer) error) (err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.settled {
		return fmt.Errorf("write %s: the output set is already committed or aborted", path)
	}
	for _, f := range s.files {
		if filepath.Clean(f.path) == filepath.Clean(path) {
			return fmt.Errorf("write %s: two outputs name this file; give each its own", path)
		}
	}
	if !s.ExistingFolders {
		if err := s.mkdirAll(filepath.Dir(path)); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	tmp, release, err := WriteTemp(path, write)
	if err != nil {
		return err
	}
	s.files = append(s.files, staged{tmp: tmp, path: path, release: release})
	return nil
}

// WriteTemp fills a tracked temporary file for path (CreateTemp) with write, mode 0644,
// and closes it; on an error it is removed. The caller moves it into place (Place) and
// then calls release.
func WriteTemp(path string, write func(w io.Writer) error) (tmp string, release func(), err error) {
	f, done, err := CreateTemp(path)
	if err != nil {
		return "", nil, fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			done()
		}
	}()
	if err = write(f); err != nil {
		return "", nil, fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Chmod(0o644); err != nil {
		return "", nil, fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return "", nil, fmt.Errorf("write %s: %w", path, err)
	}
	return f.Name(), done, nil
}

// mkdirAll makes dir and its missing parents, remembering which it made.
func (s *Set) mkdirAll(dir string) error {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || !errors.Is(err, fs.ErrNotExist) {
			break
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := len(missing) - 1; i >= 0; i-- {
		s.dirs = append(s.dirs, missing[i])
	}
	return nil
}

// Paths lists the staged files' final paths, in the order they were staged.
func (s *Set) Paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, f := range s.files {
		out = append(out, f.path)
	}
	return out
}

// Commit moves every staged file into place. Before the first rename it checks that no
// final path is a folder (or otherwise not a file it may replace); a failure then aborts the
// set, so that nothing is written. A rename failing after that (a file system fault) leaves
// the files already renamed and removes the rest.
func (s *Set) Commit() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.settled {
		return errors.New("output set: already committed or aborted")
	}
	for _, f := range s.files {
		if st, err := os.Stat(f.path); err == nil && !st.Mode().IsRegular() {
			s.abort()
			return fmt.Errorf("write %s: a %s is there; nothing was written", f.path, kind(st.Mode()))
		}
	}
	if Interrupted() {
		s.abort()
		return errInterrupted
	}
	s.settled = true
	for i, f := range s.files {
		if err := os.Rename(f.tmp, f.path); err != nil {
			for _, g := range s.files[i:] {
				os.Remove(g.tmp)
				g.release()
			}
			return fmt.Errorf("write %s: %w", f.path, err)
		}
		f.release()
	}
	return nil
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "folder"
	default:
		return "special file"
	}
}

// Abort removes every staged file and the folders the set made (when empty). It is a no-op
// after Commit, so that `defer s.Abort()` is always safe.
func (s *Set) Abort() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.settled {
		s.abort()
	}
}

func (s *Set) abort() {
	s.settled = true
	for _, f := range s.files {
		os.Remove(f.tmp)
		f.release()
	}
	for i := len(s.dirs) - 1; i >= 0; i-- {
		os.Remove(s.dirs[i]) // only if empty
	}
}
