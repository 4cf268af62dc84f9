package bounded

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// zeros is an endless source of zero bytes, like /dev/zero.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestReadAll(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    io.Reader
		lim   Limits
		want  string // the data read, or the error
		isErr bool
	}{
		{"within both limits", strings.NewReader("ab\ncd\n"), Limits{MaxBytes: 6, MaxLineBytes: 2}, "ab\ncd\n", false},
		// 7 bytes against a cap of 6: the 7th breaks it.
		{"one byte too many", strings.NewReader("ab\ncd\ne"), Limits{MaxBytes: 6, MaxLineBytes: 2}, "larger than 6 bytes", true},
		// line 2 "cde" has 3 bytes against a cap of 2.
		{"second line too long", strings.NewReader("ab\ncde\n"), Limits{MaxBytes: 100, MaxLineBytes: 2}, "line 2: longer than 2 bytes", true},
		// no newline in /dev/zero: line 1 breaks the line cap after 4 bytes.
		{"endless zeros, line cap", zeros{}, Limits{MaxBytes: 1 << 20, MaxLineBytes: 4}, "line 1: longer than 4 bytes", true},
		{"endless zeros, size cap", zeros{}, Limits{MaxBytes: 1 << 10}, "larger than 1024 bytes", true},
		{"no limits", strings.NewReader("x"), Limits{}, "x", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadAll(tc.in, tc.lim)
			if tc.isErr {
				var e *Error
				if !errors.As(err, &e) || err.Error() != tc.want {
					t.Fatalf("err = %v, want *Error %q", err, tc.want)
				}
				return
			}
			if err != nil || string(got) != tc.want {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	err := Describe(&Error{Line: 3, Limit: 10}, "a config.json")
	if got, want := err.Error(), "line 3: longer than 10 bytes; not a config.json"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	other := errors.New("permission denied")
	if Describe(other, "x") != other {
		t.Error("an error that is not a broken limit changed")
	}
}
