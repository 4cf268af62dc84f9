package model

import (
	"testing"

	"github.com/decost/decost/precision"
)

// FuzzPrecisionProfile: whatever the bytes, ParsePrecisionProfile (--precision FILE)
// returns an override that changes something, in known formats only, or an error; it never
// panics.
func FuzzPrecisionProfile(f *testing.F) {
	for _, s := range []string{
		"", "{}", "[]", "weights: fp8\n", "weights: fp8\ncache: bf16\nstate: fp32\ncompute: fp8\n",
		"weights: fp8\nweights: bf16\n", "cache: fp5\n", "x: &a fp8\nweights: *a\n", "weights: !!map {}\n",
		"? [weights]\n: fp8\n", "weights: [fp8]\n", "compute: FP8\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := ParsePrecisionProfile(data, "fuzz.yaml")
		if err != nil {
			return
		}
		if o.IsZero() {
			t.Fatal("accepted a profile that changes nothing")
		}
		for _, fm := range []precision.Format{o.Weights, o.Cache, o.State, o.Compute} {
			if fm != "" && !fm.Valid() {
				t.Fatalf("accepted unknown format %q", fm)
			}
		}
	})
}
