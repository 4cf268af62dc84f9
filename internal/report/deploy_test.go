package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
	"github.com/decost/decost/render"
	"github.com/decost/decost/scenarios"
)

// flatJSON marshals v and flattens its objects into one map, nested keys joined by "_"
// (usd_per_mtok: {ideal} is usd_per_mtok_ideal); arrays are left out.
func flatJSON(t *testing.T, v any) map[string]any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			switch x := v.(type) {
			case map[string]any:
				walk(prefix+k+"_", x)
			case []any:
			default:
				out[prefix+k] = x
			}
		}
	}
	walk("", m)
	return out
}

// tableRowJSON is the first row of t as its JSON form writes it.
func tableRowJSON(t *testing.T, tb *render.Table) map[string]any {
	t.Helper()
	var b bytes.Buffer
	if err := tb.Write(&b, render.JSON); err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(b.Bytes(), &rows); err != nil || len(rows) == 0 {
		t.Fatalf("%v, %d rows: %s", err, len(rows), b.String())
	}
	return rows[0]
}

// TestDeployVocabularies: a deploy plan is written under four vocabularies — the library's
// own JSON (cost.DeployResult, which 'decost anchors' prints), the JSON contract of
// 'decost deploy' (DeployPlan), its plans table (CSV keys) and the deploy sweep's columns
// (scenarios.DeployColumns). Where two of them use the same name, it must hold the same
// value, so that no name means two things; the SLA verdict is "yes"/"no" in tables.
func TestDeployVocabularies(t *testing.T) {
	m, err := model.Builtin("step3")
	if err != nil {
		t.Fatal(err)
	}
	h800, err := hardware.Builtin().Get("h800")
	if err != nil {
		t.Fatal(err)
	}
	as := cost.DefaultAssumptions()
	afd, err := cost.EvaluateAFD(m, cost.AFDPlan{Context: 4096, AttentionHardware: h800, FFNHardware: h800,
		AttentionInstances: 2, FFNInstances: 2, GPUsPerInstance: 8, Batch: 3072, MicroBatches: 3, Assumptions: as})
	if err != nil {
		t.Fatal(err)
	}
	ds, err := model.Builtin("deepseek-v3")
	if err != nil {
		t.Fatal(err)
	}
	ep, err := cost.EvaluateEP(ds, cost.EPPlan{Context: 4096, Hardware: h800, GPUs: 128, BatchPerGPU: 64, MicroBatches: 2, Assumptions: as})
	if err != nil {
		t.Fatal(err)
	}
	const sla = 0.05
	for _, r := range []cost.DeployResult{afd, ep} {
		meets := r.TPOT.Calibrated <= sla
		v := &scenarios.ModelVariant{Model: m, Precision: "default"}
		out := Deploy{Model: m, SLASeconds: sla, Fixed: true, Search: cost.DeploySearch{Best: r, Found: true}, Assumptions: as}
		forms := map[string]map[string]any{
			"cost.DeployResult": flatJSON(t, r),
			"DeployPlan":        flatJSON(t, NewDeployPlan(r, sla)),
			"plans table":       tableRowJSON(t, out.PlansTable()),
			"deploy sweep": tableRowJSON(t, deploySweepTable(&scenarios.Result{
				Deploy: []scenarios.DeployRow{{Variant: v, MeetsSLA: meets, DeployResult: r}}})),
		}
		for _, f := range forms {
			for k, x := range f {
				switch x {
				case "yes":
					f[k] = true
				case "no":
					f[k] = false
				}
			}
		}
		// The sweep's model is its variant's; the plans table's hardware column joins the
		// two pools' cards for AFD ("h800/h800"), where DeployPlan has no hardware key.
		delete(forms["deploy sweep"], "model")
		shared := 0
		for a, fa := range forms {
			for b, fb := range forms {
				if a >= b {
					continue
				}
				for k, x := range fa {
					y, ok := fb[k]
					if !ok {
						continue
					}
					shared++
					if x != y {
						t.Errorf("%s plan: %q is %v in %s but %v in %s", r.Mode, k, x, a, y, b)
					}
				}
			}
		}
		if shared < 20 {
			t.Errorf("%s plan: only %d names shared between the forms; is the comparison reading them?", r.Mode, shared)
		}
	}
}

// TestDeployPlotTitleNamesCards: the frontier figure's title says on which cards: both pools'
// for AFD (an H20 attention pool with H800 FFN instances is another deployment than H800
// alone), the one card for EP.
func TestDeployPlotTitleNamesCards(t *testing.T) {
	m, err := model.Builtin("step3")
	if err != nil {
		t.Fatal(err)
	}
	cat := hardware.Builtin()
	h20, err := cat.Get("h20")
	if err != nil {
		t.Fatal(err)
	}
	h800, err := cat.Get("h800")
	if err != nil {
		t.Fatal(err)
	}
	as := cost.DefaultAssumptions()
	afd, err := cost.EvaluateAFD(m, cost.AFDPlan{Context: 4096, AttentionHardware: h20, FFNHardware: h800,
		AttentionInstances: 2, FFNInstances: 2, GPUsPerInstance: 8, Batch: 3072, MicroBatches: 3, Assumptions: as})
	if err != nil {
		t.Fatal(err)
	}
	ep, err := cost.EvaluateEP(m, cost.EPPlan{Context: 4096, Hardware: h800, GPUs: 16, BatchPerGPU: 64, MicroBatches: 2, Assumptions: as})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		r    cost.DeployResult
		want string
	}{
		{afd, "step3 AFD (attention on h20, FFN on h800) at context 4096: TGS against TPOT (SLA 50 ms)"},
		{ep, "step3 EP on h800 at context 4096: TGS against TPOT (SLA 50 ms)"},
	} {
		out := Deploy{Model: m, SLASeconds: 0.05, Basis: cost.BasisCalibrated, Assumptions: as,
			Search: cost.DeploySearch{Best: tc.r, Found: true, Frontier: []cost.DeployResult{tc.r}}}
		p, err := out.Plot()
		if err != nil {
			t.Fatal(err)
		}
		if p.Title.Text != tc.want {
			t.Errorf("title %q, want %q", p.Title.Text, tc.want)
		}
	}
}

// TestCSVNumberColumnsHoldNumbers: a column of numbers holds numbers or nothing in CSV —
// EP's FFN GPU memory (the attention GPU's: "(same GPU)" in tables) and the dollar figures
// and price of a card without a price ("no price", "–" in tables) are empty cells, not
// words a reader of the CSV would have to special-case, nor a price of 0.
func TestCSVNumberColumnsHoldNumbers(t *testing.T) {
	m, err := model.Builtin("deepseek-v3")
	if err != nil {
		t.Fatal(err)
	}
	cat := hardware.Builtin()
	mi325x, err := cat.Get("mi325x") // no price
	if err != nil || mi325x.HasPrice() {
		t.Fatalf("mi325x: %v, price %v", err, mi325x.PriceUSDPerHour)
	}
	as := cost.DefaultAssumptions()
	ep, err := cost.EvaluateEP(m, cost.EPPlan{Context: 4096, Hardware: mi325x, GPUs: 8, BatchPerGPU: 64, MicroBatches: 2, Assumptions: as})
	if err != nil {
		t.Fatal(err)
	}
	out := Deploy{Model: m, SLASeconds: 0.05, Fixed: true, Search: cost.DeploySearch{Best: ep, Found: true}, Assumptions: as}
	text := map[string]bool{"role": true, "plan": true, "hardware": true, "binding_stage_ideal": true, "binding_stage": true,
		"fits": true, "dominant_kind": true, "id": true, "name": true, "note": true}
	for name, tb := range map[string]*render.Table{"deploy plans": out.PlansTable(), "hardware": HardwareTable([]hardware.Accelerator{mi325x})} {
		var b bytes.Buffer
		if err := tb.Write(&b, render.CSV); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows[1:] {
			for i, cell := range row {
				key := rows[0][i]
				if key == "price_usd_per_hour" && cell != "" {
					t.Errorf("%s CSV: a card without a price has price %q", name, cell)
				}
				if !text[key] && cell != "" {
					if _, err := strconv.ParseFloat(cell, 64); err != nil {
						t.Errorf("%s CSV, %s: %q is not a number", name, key, cell)
					}
				}
			}
		}
	}
}
