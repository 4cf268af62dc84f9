package hardware

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

// FuzzCatalogueYAML: whatever the bytes, ParseCatalogueYAML returns valid cards or an error;
// it never panics. Inputs that once failed are kept in testdata/fuzz/FuzzCatalogueYAML.
func FuzzCatalogueYAML(f *testing.F) {
	data, err := os.ReadFile(filepath.Join("testdata", "catalogue.yaml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	for _, s := range []string{
		"", "{}", "[]", "accelerators: []", "accelerators:\n  - id: h800\n",
		"accelerators:\n  - id: x\n    peak_tflops_per_second: {bf16: 1e-300}\n    memory_tb_per_second: 1e-300\n    memory_gb: 1\n    price_usd_per_hour: 1e-300\n",
		"accelerators:\n  - id: h800\n    peak_tflops_per_second: {fp8: 0, fp4: 0}\n    nic_gbit_per_second: 0\n",
		"x: &a [1]\naccelerators: *a\n", "accelerators: !!map {}\n", "accelerators:\n  - !!str id\n",
		"accelerators:\n  - id: h20\n    profile: {name: p, compute_fraction: {bf16: 1, fp8: 1}, bandwidth_fraction: 1, fit: {rows: 3}}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cf, err := ParseCatalogueYAML(data, "fuzz.yaml", Builtin())
		if err != nil {
			return
		}
		for _, a := range cf.Accelerators {
			if err := a.Validate(); err != nil {
				t.Fatalf("accepted an invalid card: %v", err)
			}
			if a.HasPrice() {
				for _, v := range []float64{a.USDPerByte(), a.USDPerFLOP("fp8"), a.RidgeFLOPsPerByte("bf16")} {
					if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
						t.Fatalf("card %s: unit cost %v", a.ID, v)
					}
				}
			}
		}
		for id, p := range cf.Profiles {
			if err := p.Validate(); err != nil {
				t.Fatalf("profile of %s: %v", id, err)
			}
		}
	})
}
