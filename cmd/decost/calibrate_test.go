package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/decost/decost/kernels"
)

const h200Measurements = "../../testdata/h200/gemm.csv"

func TestCalibrateGolden(t *testing.T) {
	out, errs, code := run(t, "calibrate", "--measurements", h200Measurements, "--hardware", "h200", "--name", "h200-cublas")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	golden(t, "calibrate_h200.txt", out)
}

// TestCalibrateBuiltinProfile: the built-in profile is exactly what decost calibrate writes
// for the H200 measurements, and the fit meets the acceptance bound (median ≤ 15%).
func TestCalibrateBuiltinProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h200.yaml")
	out, errs, code := run(t, "calibrate", "--measurements", h200Measurements, "--hardware", "h200", "--name", "h200-cublas", "-o", path, "--format", "json")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../hardware/profiles/h200.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("hardware/profiles/h200.yaml is not the fit; regenerate it with decost calibrate -o:\n%s", got)
	}
	var r struct {
		Fitted struct {
			Median float64 `json:"median_relative_error"`
			Worst  float64 `json:"worst_relative_error"`
		} `json:"fitted"`
		Rows []struct {
			MeasuredUS float64 `json:"measured_us"`
			IdealUS    float64 `json:"ideal_us"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Fitted.Median > 0.15 || len(r.Rows) != 136 {
		t.Errorf("median %v over %d rows", r.Fitted.Median, len(r.Rows))
	}
	for i, row := range r.Rows {
		if row.IdealUS > row.MeasuredUS*1.01 {
			t.Errorf("row %d: ideal %v µs above measured %v µs", i, row.IdealUS, row.MeasuredUS)
		}
	}
	// The profile it wrote is usable by roofline.
	if _, errs, code := run(t, "roofline", "--profile", path); code != 0 {
		t.Errorf("roofline --profile %s: %s", path, errs)
	}
}

func TestCalibrateBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("kind,dtype,ms,flops,bytes\nread,bf16,abc,0,100\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		says string
	}{
		{[]string{"calibrate"}, "--measurements"},
		{[]string{"calibrate", "--measurements", filepath.Join(dir, "none.csv"), "--hardware", "h200"}, "none.csv"},
		{[]string{"calibrate", "--measurements", bad, "--hardware", "h200"}, `bad.csv: measurements line 2: ms: "abc" is not a number`},
		// --hardware has no default: an H200 fit of another card's measurements was silent
		{[]string{"calibrate", "--measurements", h200Measurements}, "--hardware: required, the card the measurements were taken on"},
		{[]string{"calibrate", "--measurements", h200Measurements, "--hardware", "nosuch"}, `"nosuch"`},
		{[]string{"calibrate", "--measurements", h200Measurements, "--hardware", "h200", "-o", filepath.Join(dir, "no", "such", "dir.yaml")}, "dir.yaml"},
	} {
		out, errs, code := run(t, tc.args...)
		if code == 0 || out != "" {
			t.Errorf("%v: exit %d, stdout %q; want non-zero exit and no stdout", tc.args, code, out)
		}
		if strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.says) || !strings.HasPrefix(errs, "decost: ") {
			t.Errorf("%v: stderr %q; want one line naming %s", tc.args, errs, tc.says)
		}
	}
}

// TestCalibrateKernelTable: --kernel-table writes the measurements as kernel tables, changes
// nothing in the printed fit, and a kernel measurement CSV alone is converted and listed.
func TestCalibrateKernelTable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "h200-kernels.csv")
	plain, _, _ := run(t, "calibrate", "--measurements", h200Measurements, "--hardware", "h200", "--name", "h200-cublas")
	out, errs, code := run(t, "calibrate", "--measurements", h200Measurements, "--hardware", "h200", "--name", "h200-cublas", "--kernel-table", path)
	if code != 0 || errs != "" || out != plain {
		t.Fatalf("exit %d, stderr %q; output changed: %v", code, errs, out != plain)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ts, err := kernels.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[0].ID != "h200/measured/gemm/bf16" || len(ts[0].Points) != 79 || ts[1].ID != "h200/measured/gemm/fp8" || len(ts[1].Points) != 55 {
		t.Errorf("tables: %d", len(ts))
	}

	csv := filepath.Join(dir, "attention.csv")
	if err := os.WriteFile(csv, []byte("op,dtype,rows,batch,kv_len,latency_us\nmla-decode,bf16,128,64,4096,150\nmla-decode,bf16,128,64,8192,280\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errs, code = run(t, "calibrate", "--measurements", csv, "--hardware", "h100", "--kernel-table", path)
	want := "wrote 1 kernel tables to " + path + ":\n  h100/measured/mla-decode/bf16  2 points (rows, batch, kv_len)\n"
	if code != 0 || errs != "" || out != want {
		t.Errorf("exit %d, stderr %q, out %q, want %q", code, errs, out, want)
	}
	// Without --kernel-table the kernel CSV is not a measurement CSV.
	if _, errs, code := run(t, "calibrate", "--measurements", csv, "--hardware", "h100"); code == 0 || !strings.Contains(errs, `no "kind" column`) {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}
