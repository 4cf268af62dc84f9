package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
		{[]string{"calibrate", "--measurements", filepath.Join(dir, "none.csv")}, "none.csv"},
		{[]string{"calibrate", "--measurements", bad}, `bad.csv: measurements line 2: ms: "abc" is not a number`},
		{[]string{"calibrate", "--measurements", h200Measurements, "--hardware", "nosuch"}, `"nosuch"`},
		{[]string{"calibrate", "--measurements", h200Measurements, "-o", filepath.Join(dir, "no", "such", "dir.yaml")}, "dir.yaml"},
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
