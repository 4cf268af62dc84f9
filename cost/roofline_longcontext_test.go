package cost

import (
	"strings"
	"testing"

	"github.com/decost/decost/hardware"
)

// TestLongContextOpsFromTables: with the cards' built-in kernel tables, DeepSeek-V3.2's
// indexer and sparse core on H800 and Qwen3-Next's Gated DeltaNet core on H20 are priced from
// their measured tables (InferSim's dsa and gdn benchmarks), and never below the ideal.
func TestLongContextOpsFromTables(t *testing.T) {
	for _, tc := range []struct {
		model, hw string
		context   int
		want      map[string]string // op (on the kind's layers) → table id its basis names
	}{
		{"deepseek-v3.2", "h800", 131072, map[string]string{
			"mla-dsa/moe indexer":        "h800/infersim/dsa-indexer/fp8",
			"mla-dsa/moe attention_core": "h800/infersim/sparse-mla-decode/fp8",
		}},
		{"qwen3-next-80b-a3b", "h20", 32768, map[string]string{
			"gdn/moe attention_core": "h20/infersim/gdn-decode/bf16",
		}},
	} {
		r, err := Roofline(builtin(t, tc.model), card(t, tc.hw), hardware.DefaultProfile(), AttentionStep{Sequences: 64, Context: tc.context, GPUs: 1}, RooflineOptions{})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, o := range r.Ops {
			id, ok := tc.want[o.LayerKind+" "+o.Name]
			if !ok {
				continue
			}
			seen[o.LayerKind+" "+o.Name] = true
			if !strings.Contains(o.Basis, id) {
				t.Errorf("%s %s %s: basis %q, want table %s", tc.model, o.LayerKind, o.Name, o.Basis, id)
			}
			t.Logf("%s %s %s: ideal %.1f µs, calibrated %.1f µs (%s)", tc.model, o.LayerKind, o.Name, o.IdealSeconds*1e6, o.CalibratedSeconds*1e6, o.Basis)
			if o.CalibratedSeconds < o.IdealSeconds {
				t.Errorf("%s %s: calibrated %v below ideal %v", tc.model, o.Name, o.CalibratedSeconds, o.IdealSeconds)
			}
		}
		if len(seen) != len(tc.want) {
			t.Errorf("%s: ops %v, want %v", tc.model, seen, tc.want)
		}
	}
}
