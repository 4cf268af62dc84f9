package cost

import (
	"fmt"
	"os"
	"testing"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

func TestZZDebug(t *testing.T) {
	if os.Getenv("DBG") == "" {
		t.Skip()
	}
	m, _ := model.Builtin("deepseek-v3")
	for _, card := range []string{"h800", "h100", "h20"} {
		hw, _ := hardware.Builtin().Get(card)
		for _, pn := range []string{"model", "deepseek"} {
			prec, _ := ServingPrecisionPreset(pn)
			p := EPPlan{Context: 4096, Hardware: hw, GPUs: 128, BatchPerGPU: 128, MicroBatches: 2, Assumptions: DefaultAssumptions(),
				Serving: Serving{MTP: MTP{DraftTokens: 1, AcceptRate: 0.6}, Precision: prec, Breakdown: true}}
			r, err := EvaluateEP(m, p)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Printf("%s %s: TGS %.0f/%.0f TPOT %.1f/%.1f ms step %.1f\n", card, pn, r.TGS.Ideal, r.TGS.Calibrated, r.TPOT.Ideal*1e3, r.TPOT.Calibrated*1e3, r.StepTime.Calibrated*1e3)
			if os.Getenv("DBG") == "v" && pn == "deepseek" {
				seen := map[string]bool{}
				for _, o := range r.Breakdown {
					k := o.Op + o.Basis
					if seen[k] || o.Stage == "mla/dense" {
						continue
					}
					seen[k] = true
					fmt.Printf("   %-14s %-18s %-24s %7.2f/%7.2f µs %-14s %s\n", o.Stage, o.Phase, o.Op, o.IdealSeconds*1e6, o.CalibratedSeconds*1e6, o.Bound, o.Basis)
				}
			}
		}
	}
}
