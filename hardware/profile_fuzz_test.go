package hardware

import (
	"bytes"
	"math"
	"testing"

	"github.com/decost/decost/precision"
)

// FuzzReadProfile: whatever the bytes, ReadProfile (a --profile FILE, a profile in a
// hardware file) returns a valid profile or an error; it never panics, and a profile it
// accepts prices an operation at a finite, positive time.
func FuzzReadProfile(f *testing.F) {
	f.Add(h200ProfileYAML)
	for _, s := range []string{
		"", "{}", "[]", "name: p\n", "name: p\ncompute_fraction: {bf16: 1, fp8: 1}\nbandwidth_fraction: 1\n",
		"name: p\ncompute_fraction: {bf16: 0.5, fp8: 0.5, fp4: 0}\nbandwidth_fraction: 0.5\nkernel_overhead_seconds: 1e-300\n",
		"name: p\ncompute_fraction: {bf16: .nan, fp8: 1}\nbandwidth_fraction: 1\n",
		"x: &a [1]\nname: *a\n", "name: !!map {}\n", "name: p\nname: q\n", "fit: {rows: -1}\n",
	} {
		f.Add([]byte(s))
	}
	h200, _ := Builtin().Get("h200")
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ReadProfile(bytes.NewReader(data))
		if err != nil {
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("accepted an invalid profile: %v", err)
		}
		for _, fm := range []precision.Format{precision.BF16, precision.FP8, precision.FP4} {
			s := h200.CalibratedSeconds(p, 1e12, 1e9, fm)
			if math.IsNaN(s) || math.IsInf(s, 0) || s <= 0 {
				t.Fatalf("profile %q: %s time %v for 1 TFLOP and 1 GB", p.Name, fm, s)
			}
		}
	})
}
