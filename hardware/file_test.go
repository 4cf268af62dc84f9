package hardware

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadCatalogueFile(t *testing.T) {
	base := Builtin()
	cf, err := ReadCatalogueFile(filepath.Join("testdata", "catalogue.yaml"), base)
	if err != nil {
		t.Fatal(err)
	}
	if len(cf.Accelerators) != 2 {
		t.Fatalf("%d cards, want 2", len(cf.Accelerators))
	}
	mine := cf.Accelerators[0]
	want := Accelerator{
		ID: "my-h20", Name: "NVIDIA H20 (our contract)",
		PeakFLOPsPerSecond:   Peaks{BF16: 148e12, FP8: 296e12},
		MemoryBytesPerSecond: 4e12, MemoryBytes: 96e9, NICBitsPerSecond: 400e9, GPUsPerNode: 8,
		PriceUSDPerHour: 0.7, Note: "our own price",
	}
	if mine != want {
		t.Errorf("my-h20 = %+v\nwant %+v", mine, want)
	}
	// h200 keeps its built-in fields; only the price changes and is no longer indicative.
	h200, _ := base.Get("h200")
	got := cf.Accelerators[1]
	if got.PriceUSDPerHour != 3.1 || got.PriceIndicative || got.MemoryBytesPerSecond != h200.MemoryBytesPerSecond ||
		got.PeakFLOPsPerSecond != h200.PeakFLOPsPerSecond || !strings.Contains(got.Note, "changed by testdata/catalogue.yaml") {
		t.Errorf("h200 = %+v", got)
	}
	p, ok := cf.Profiles["my-h20"]
	if !ok || p.Name != "my-h20" || p.ComputeFraction.FP8 != 0.6 || p.BandwidthFraction != 0.85 || p.KernelOverheadSeconds != 4e-6 {
		t.Errorf("profiles %+v", cf.Profiles)
	}
	if _, ok := cf.Profiles["h200"]; ok {
		t.Error("h200 has a profile it was not given")
	}
	// The base is unchanged until Apply.
	if b, _ := base.Get("h200"); b.PriceUSDPerHour == 3.1 {
		t.Error("ReadCatalogueFile changed the base")
	}
	if _, err := base.Get("my-h20"); err == nil {
		t.Error("ReadCatalogueFile added to the base")
	}
	cf.Apply(base)
	if a, err := base.Get("my-h20"); err != nil || a != want {
		t.Errorf("after Apply: %+v, %v", a, err)
	}
	if a, _ := base.Get("h200"); a.PriceUSDPerHour != 3.1 {
		t.Errorf("after Apply h200 price %v", a.PriceUSDPerHour)
	}
	// With no base, every card is new: h200 then lacks the fields a new card needs.
	if _, err := ParseCatalogueYAML([]byte("accelerators:\n  - id: h200\n    price_usd_per_hour: 3.1\n"), "f.yaml", nil); err == nil || !strings.Contains(err.Error(), "f.yaml:2:") {
		t.Errorf("nil base: %v", err)
	}
	// A report card overridden keeps its place but is no longer the report's.
	cf, err = ParseCatalogueYAML([]byte("accelerators:\n  - id: h800\n    price_usd_per_hour: 2.5\n  - id: h20\n    note: same numbers\n"), "f.yaml", Builtin())
	if err != nil {
		t.Fatal(err)
	}
	if cf.Accelerators[0].InReport || !cf.Accelerators[1].InReport {
		t.Errorf("in report: h800 %v (changed), h20 %v (only its note)", cf.Accelerators[0].InReport, cf.Accelerators[1].InReport)
	}
}

// TestCatalogueFileErrors: one line naming the file, the line, the card and the field.
func TestCatalogueFileErrors(t *testing.T) {
	const card = "accelerators:\n  - id: x\n    peak_tflops_per_second: {bf16: 100}\n    memory_tb_per_second: 2\n    memory_gb: 80\n"
	for _, tc := range []struct {
		name, yaml string
		says       []string
	}{
		{"empty", "", []string{"f.yaml: empty"}},
		{"not YAML", "accelerators: [\n", []string{"f.yaml:"}},
		{"top level list", "- id: x\n", []string{"f.yaml:1:", "want a mapping"}},
		{"unknown top field", "cards: []\n", []string{"f.yaml:1:", `unknown field "cards"`, "accelerators"}},
		{"no accelerators", "{}\n", []string{"accelerators: missing"}},
		{"accelerators not a list", "accelerators: 3\n", []string{"f.yaml:1:", "want a list"}},
		{"no id", "accelerators:\n  - name: x\n", []string{"f.yaml:2:", "accelerator 1: id: missing"}},
		{"bad id", "accelerators:\n  - id: a,b\n", []string{"f.yaml:2:", "id: want a short name"}},
		{"unknown card field", card + "    hbm: 3\n", []string{"f.yaml:6:", `accelerator "x"`, `unknown field "hbm"`}},
		{"new card missing bandwidth", "accelerators:\n  - id: x\n    peak_tflops_per_second: {bf16: 1}\n    memory_gb: 80\n", []string{"f.yaml:2:", "memory_tb_per_second: missing"}},
		{"new card missing bf16", "accelerators:\n  - id: x\n    peak_tflops_per_second: {fp8: 1}\n    memory_tb_per_second: 2\n    memory_gb: 80\n", []string{"f.yaml:3:", "peak_tflops_per_second.bf16: missing"}},
		{"zero bandwidth", "accelerators:\n  - id: h800\n    memory_tb_per_second: 0\n", []string{"f.yaml:3:", `accelerator "h800": memory_tb_per_second: want a positive number, got 0`}},
		{"zero price", card + "    price_usd_per_hour: 0\n", []string{"f.yaml:6:", "price_usd_per_hour: want a positive number, got 0", "leave the field out"}},
		{"negative price", card + "    price_usd_per_hour: -1\n", []string{"f.yaml:6:", "got -1"}},
		{"NaN peak", "accelerators:\n  - id: h800\n    peak_tflops_per_second: {fp8: .nan}\n", []string{"f.yaml:3:", "peak_tflops_per_second.fp8", ".nan"}},
		{"Inf memory", "accelerators:\n  - id: h800\n    memory_gb: .inf\n", []string{"f.yaml:3:", "memory_gb", ".inf"}},
		{"text for number", "accelerators:\n  - id: h800\n    memory_gb: lots\n", []string{"f.yaml:3:", "memory_gb: want a positive number", `"lots"`}},
		{"huge", "accelerators:\n  - id: h800\n    memory_tb_per_second: 1e300\n", []string{"f.yaml:3:", "up to 10000"}},
		{"fractional gpus", "accelerators:\n  - id: h800\n    gpus_per_node: 7.5\n", []string{"f.yaml:3:", "gpus_per_node: want a whole number"}},
		{"duplicate card", card + "  - id: x\n    name: again\n", []string{"f.yaml:6:", `"x": given twice (first on line 2)`}},
		{"duplicate field", "accelerators:\n  - id: h800\n    memory_gb: 1\n    memory_gb: 2\n", []string{"f.yaml:", `"memory_gb"`}},
		{"alias", "x: &a 1\naccelerators:\n  - id: h800\n    memory_gb: *a\n", []string{"f.yaml:4:", "aliases"}},
		{"bad profile field", card + "    profile:\n      name: p\n      compute_fraction: {bf16: 1, fp8: 1}\n      bandwidth_fraction: 1\n      overhead: 1\n", []string{"f.yaml:10:", `profile: unknown field "overhead"`}},
		{"bad profile value", card + "    profile:\n      name: p\n      compute_fraction: {bf16: 1.5, fp8: 1}\n      bandwidth_fraction: 1\n", []string{"f.yaml:7:", "compute_fraction.bf16 must be in (0, 1]"}},
		{"profile type", card + "    profile:\n      name: p\n      compute_fraction: {bf16: x, fp8: 1}\n      bandwidth_fraction: 1\n", []string{"f.yaml:", "profile"}},
	} {
		_, err := ParseCatalogueYAML([]byte(tc.yaml), "f.yaml", Builtin())
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		msg := err.Error()
		if strings.Contains(msg, "\n") {
			t.Errorf("%s: %q is more than one line", tc.name, msg)
		}
		for _, s := range tc.says {
			if !strings.Contains(msg, s) {
				t.Errorf("%s: %q does not say %q", tc.name, msg, s)
			}
		}
	}
	if _, err := ReadCatalogueFile(filepath.Join(t.TempDir(), "none.yaml"), Builtin()); err == nil || !strings.Contains(err.Error(), "none.yaml: no such file") {
		t.Errorf("missing file: %v", err)
	}
	big := filepath.Join(t.TempDir(), "big.yaml")
	// short comment lines, one byte more than the cap in all
	if err := os.WriteFile(big, []byte(strings.Repeat("#\n", maxCatalogueFileBytes/2)+"#"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadCatalogueFile(big, Builtin()); err == nil || !strings.HasSuffix(err.Error(), "big.yaml: larger than 4194304 bytes; not a hardware file") {
		t.Errorf("big file: %v", err)
	}
	// zeros without a newline: the line cap comes first
	if err := os.WriteFile(big, make([]byte, maxCatalogueFileBytes+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadCatalogueFile(big, Builtin()); err == nil || !strings.HasSuffix(err.Error(), "big.yaml: line 1: longer than 1048576 bytes; not a hardware file") {
		t.Errorf("one long line: %v", err)
	}
}

// TestReadCatalogueFiles: two files that both change one card are refused (which should win
// is a guess); files that change different cards both apply.
func TestReadCatalogueFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a.yaml", "accelerators:\n  - id: h200\n    price_usd_per_hour: 3.1\n")
	b := write("b.yaml", "accelerators:\n  - id: h200\n    price_usd_per_hour: 2.5\n")
	c := write("c.yaml", "accelerators:\n  - id: h800\n    price_usd_per_hour: 1.5\n")
	_, err := ReadCatalogueFiles([]string{a, b}, Builtin())
	if want := "card h200 is in both " + a + " and " + b + "; give each card in one file"; err == nil || err.Error() != want {
		t.Errorf("a, b: %v; want %q", err, want)
	}
	cat := Builtin()
	if _, err := ReadCatalogueFiles([]string{a, c}, cat); err != nil {
		t.Fatalf("a, c: %v", err)
	}
	h200, _ := cat.Get("h200")
	h800, _ := cat.Get("h800")
	if h200.PriceUSDPerHour != 3.1 || h800.PriceUSDPerHour != 1.5 {
		t.Errorf("a, c: prices %v and %v; want 3.1 and 1.5", h200.PriceUSDPerHour, h800.PriceUSDPerHour)
	}
}
