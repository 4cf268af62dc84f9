// Package bounded reads input files with a size cap and a line-length cap, so that a wrong
// file (/dev/zero, a binary, one 300 MB line) fails fast with a clear error instead of filling
// memory. Every reader of user input in decost goes through it.
package bounded

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// MaxTextLineBytes is the longest line decost reads in a YAML or JSON input (1 MiB): far
// beyond any hand-written or generated file, still a bound.
const MaxTextLineBytes = 1 << 20

// Limits bound what a reader accepts.
type Limits struct {
	// MaxBytes is the largest input, in bytes.
	MaxBytes int64
	// MaxLineBytes is the longest line, in bytes, its newline not counted.
	MaxLineBytes int64
}

// Error is a broken limit. Line is the 1-based line that broke MaxLineBytes, or 0 when
// the whole input broke MaxBytes.
type Error struct {
	// Line is the line that broke the line-length limit, 1-based; 0 for the size limit.
	Line int
	// Limit is the limit broken, in bytes: Limits.MaxLineBytes or Limits.MaxBytes.
	Limit int64
}

// Error says which limit was broken, in bytes: "larger than N bytes" or "line L: longer
// than N bytes".
func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("larger than %d bytes", e.Limit)
	}
	return fmt.Sprintf("line %d: longer than %d bytes", e.Line, e.Limit)
}

// Reader passes its source through until a limit is broken, then returns an *Error (the bytes
// before the breaking one are returned first).
type Reader struct {
	src     io.Reader
	lim     Limits
	total   int64 // bytes passed on
	line    int   // current line, 1-based
	lineLen int64 // bytes of the current line so far
	err     error // the broken limit, returned from the next Read on
}

// NewReader bounds r by lim. A zero field of lim means no limit of that kind.
func NewReader(r io.Reader, lim Limits) *Reader {
	return &Reader{src: r, lim: lim, line: 1}
}

// Read implements io.Reader.
func (r *Reader) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if r.lim.MaxBytes > 0 && int64(len(p)) > r.lim.MaxBytes-r.total+1 {
		p = p[:r.lim.MaxBytes-r.total+1] // never read much past the cap
	}
	n, err := r.src.Read(p)
	for i := 0; i < n; i++ {
		if r.lim.MaxBytes > 0 && r.total == r.lim.MaxBytes {
			r.err = &Error{Limit: r.lim.MaxBytes}
			return i, r.err
		}
		r.total++
		if p[i] == '\n' {
			r.line++
			r.lineLen = 0
			continue
		}
		r.lineLen++
		if r.lim.MaxLineBytes > 0 && r.lineLen > r.lim.MaxLineBytes {
			r.err = &Error{Line: r.line, Limit: r.lim.MaxLineBytes}
			return i, r.err
		}
	}
	return n, err
}

// ReadAll reads r whole within lim.
func ReadAll(r io.Reader, lim Limits) ([]byte, error) {
	var b bytes.Buffer
	_, err := b.ReadFrom(NewReader(r, lim))
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ReadFile reads the file at path whole within lim. A broken limit is an *Error; what the
// file was expected to be is the caller's to say.
func ReadFile(path string, lim Limits) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, lim)
}

// Describe turns a broken limit into the words of a message about a file that should be
// what: "larger than 16777216 bytes; not a config.json". Other errors are returned as
// they are.
func Describe(err error, what string) error {
	var e *Error
	if errors.As(err, &e) {
		return fmt.Errorf("%w; not %s", e, what)
	}
	return err
}
