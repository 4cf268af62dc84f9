package scenarios

import (
	"strings"
	"testing"
)

// FuzzParse: whatever the bytes, Parse returns a scenario or a one-line error that starts
// with the file name; it never panics. Seeds are the built-ins and broken variants.
func FuzzParse(f *testing.F) {
	for _, name := range BuiltinNames() {
		data, _ := builtinFS.ReadFile("builtin/" + name + ".yaml")
		f.Add(data)
	}
	for _, s := range []string{
		"", "name: [", "name: t\nanalysis: cost\naxes: {models: step3, hardware: h800, contexts: {from: 1, to: 9, step: 0}}\n",
		"name: t\nanalysis: counts\naxes: {models: step3, contexts: {from: 1k, to: 1m, factor: 2}}\n",
		"name: t\nanalysis: cost\naxes: {models: step3, hardware: h800, contexts: -1}\n",
		"name: t\nanalysis: cost\naxes: {models: step3, hardware: h800, contexts: 8k, prices: {h800: {from: 1, to: 2, step: 0.5}}}\n",
		"name: t\nanalysis: cost\naxes: {models: step3, hardware: h800, contexts: 8k, precisions: [{weights: fp8, cache: bf16}]}\n",
		"&a [*a]", "name: &x t\nanalysis: *x\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("f.yaml", data)
		if err != nil {
			msg := err.Error()
			if strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "f.yaml") {
				t.Fatalf("error %q: want one line starting with the file name", msg)
			}
			return
		}
		if s.Name == "" || s.Points() < 0 {
			t.Fatalf("accepted a scenario without a name or with %d points", s.Points())
		}
	})
}
