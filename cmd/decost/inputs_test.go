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

// TestNonsenseRefused: values that were accepted and answered (issue 13 item 7) are one-line
// errors, or a warning where decost computes something else than asked.
func TestNonsenseRefused(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		// the help lists fp8, int8 (fp16) and bf16 for a KV cache; fp4 was taken
		{[]string{"roofline", "--kv", "fp4"}, "--kv fp4: want fp8, int8, fp16 or bf16"},
		{[]string{"deploy", "--attention-kv", "fp4"}, "--attention-kv fp4: want fp8, int8, fp16 or bf16"},
		{[]string{"roofline", "--attention-compute", "int8"}, "--attention-compute int8: want fp8 or bf16"},
		// printed 1.5e11 µs without a word
		{[]string{"roofline", "--batch", "99999999999"}, "--batch 99999999999: must be a positive number of sequences, at most 16777216"},
		{[]string{"deploy", "--batch", "99999999999"}, "--batch 99999999999: at most 16777216 sequences"},
		{[]string{"sweep", "report-cost-table", "--workers", "1000000"}, "--workers: must be 0 (one per core) or positive up to 1024, got 1000000"},
		{[]string{"deploy", "--nic", "1e30"}, "nic bandwidth must be 0 (the card's) or positive up to 1e+06 Gbit/s, got 1e+30 Gbit/s"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errs, code := run(t, tc.args...)
			if code != 1 || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and one line with %q", code, out, errs, tc.want)
			}
		})
	}
	// a800 has no FP8: the attention block computes in BF16, and decost says so.
	for _, args := range [][]string{
		{"roofline", "--hardware", "a800", "--attention-compute", "fp8"},
		{"deploy", "--attention-hardware", "a800", "--ffn-hardware", "a800", "--attention-compute", "fp8", "--max-instances", "1"},
	} {
		_, errs, code := run(t, args...)
		if want := "decost: warning: a800 has no FP8 compute; --attention-compute fp8 computes in bf16, at its BF16 peak\n"; code != 0 || errs != want {
			t.Errorf("%v: exit %d, stderr %q; want exit 0 and %q", args, code, errs, want)
		}
	}
}
