package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestInputCaps: every file decost reads has a size cap and a line-length cap, and breaking
// one is a one-line error naming the file and what it should have been; /dev/zero fails on
// the first line (before the caps, calibrate --measurements /dev/zero grew to 19 GB).
func TestInputCaps(t *testing.T) {
	dir := t.TempDir()
	long := func(name, head string, n int) string { // a file whose line 2 has n bytes
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(head+"\n"+strings.Repeat("a", n)+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	csv := long("long.csv", "kind,dtype,ms,flops,bytes", 1<<20)
	yml := long("long.yaml", "name: x", 2<<20)
	cfg := long("long.json", "{", 2<<20)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"calibrate", "--measurements", "/dev/zero"}, "/dev/zero: measurements line 1: longer than 65536 bytes; not a measurement CSV"},
		{[]string{"calibrate", "--measurements", csv}, csv + ": measurements line 2: longer than 65536 bytes; not a measurement CSV"},
		{[]string{"hardware", "--hardware-file", "/dev/zero"}, "/dev/zero: line 1: longer than 1048576 bytes; not a hardware file"},
		{[]string{"hardware", "--hardware-file", yml}, yml + ": line 2: longer than 1048576 bytes; not a hardware file"},
		{[]string{"counts", "--model", "/dev/zero"}, "/dev/zero: line 1: longer than 1048576 bytes; not a config.json"},
		{[]string{"counts", "--model", cfg}, cfg + ": line 2: longer than 1048576 bytes; not a config.json"},
		{[]string{"counts", "--model", "step3", "--precision", "/dev/zero"}, "/dev/zero: larger than 1048576 bytes; not a precision profile"},
		{[]string{"roofline", "--model", "step3", "--profile", "/dev/zero"}, "/dev/zero: profile: larger than 1048576 bytes; not a calibration profile"},
		{[]string{"sweep", yml}, yml + ": line 2: longer than 1048576 bytes; not a scenario"},
	} {
		t.Run(strings.Join(tc.args[:2], " "), func(t *testing.T) {
			out, errs, code := run(t, tc.args...)
			if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and one line with %q", code, out, errs, tc.want)
			}
		})
	}
}
