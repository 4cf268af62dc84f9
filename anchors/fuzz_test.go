package anchors

import (
	"strings"
	"testing"
)

// FuzzParse: any bytes as an anchor file give an anchor that validates, or an error naming
// the file — never a panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte(valid))
	f.Add([]byte(strings.Replace(valid, "mtp: 0", "mtp: 1\nmtp_accept: 0.8", 1)))
	f.Add([]byte("id: [\n"))
	f.Add([]byte("precision: {preset: bf16, kv: fp8, lm_head: nope}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Parse(data, "f.yaml")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml: ") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if err := a.Validate(); err != nil {
			t.Fatalf("parsed anchor does not validate: %v", err)
		}
	})
}
