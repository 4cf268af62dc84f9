package scenarios

import (
	"bytes"
	"encoding/csv"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// TestBuiltinsParseAndRun: every built-in scenario loads and runs in memory.
func TestBuiltinsParseAndRun(t *testing.T) {
	names := BuiltinNames()
	if len(names) < 6 {
		t.Fatalf("%d built-in scenarios: %v", len(names), names)
	}
	for _, name := range names {
		s, err := Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		if s.Name != name {
			t.Errorf("%s: file names scenario %q", name, s.Name)
		}
		if _, err := Run(s, Options{}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Builtin("nosuch"); err == nil || !strings.Contains(err.Error(), "report-cost-table") {
		t.Errorf("unknown scenario: %v", err)
	}
}

// TestRangesAndPoints checks the axis forms and the point count: 2 models × 2 precisions ×
// contexts 1024..4096 step 1024 (4) × (h800 at 3 prices + h20) (4 cards) = 64 points.
func TestRangesAndPoints(t *testing.T) {
	s, err := Parse("t.yaml", []byte(`
name: t
analysis: cost
axes:
  models: [step3, qwen3-32b]
  precisions: [default, {cache: bf16}]
  hardware: [h800, h20]
  contexts: {from: 1k, to: 4k, step: 1024}
  prices: {h800: [1.5, 2, 2.5]}
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Axes.Contexts.Values(); len(got) != 4 || got[0] != 1024 || got[3] != 4096 {
		t.Errorf("contexts %v", got)
	}
	p, err := NewPlan(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Points() != 64 || s.Points() != 64 {
		t.Errorf("points: plan %d, scenario %d; want 64", p.Points(), s.Points())
	}
	if p.Models[1].Precision != "cache=bf16" || p.Cards[1].PriceUSDPerHour != 2 || p.Cards[3].ID != "h20" {
		t.Errorf("variants: %q, %v, %s", p.Models[1].Precision, p.Cards[1].PriceUSDPerHour, p.Cards[3].ID)
	}
	g, err := Parse("g.yaml", []byte("name: g\nanalysis: counts\naxes: {models: step3, contexts: {from: 1k, to: 1m, factor: 4}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	// 1024, 4096, 16384, 65536, 262144, 1048576
	if v := g.Axes.Contexts.Values(); len(v) != 6 || v[5] != 1<<20 {
		t.Errorf("geometric contexts %v", v)
	}
}

// TestErrors: each malformed scenario gives a one-line error naming the file, the line and
// what is wrong.
func TestErrors(t *testing.T) {
	head := "name: t\nanalysis: cost\n"
	for _, tc := range []struct {
		yaml string
		want string
	}{
		{"name: [", "t.yaml:1: "},
		{"", "t.yaml: empty scenario"},
		{"- a\n- b\n", "t.yaml:1: a scenario is a mapping"},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: [8k]\n  colour: red\n", `t.yaml:7: unknown key "colour"`},
		{head + "frobnicate: 1\n", `t.yaml:3: unknown key "frobnicate"`},
		{"name: t\nanalysis: magic\naxes: {models: [step3]}\n", `t.yaml:2: analysis: unknown analysis "magic"`},
		{"analysis: cost\n", "t.yaml:1: name: missing"},
		{head + "axes:\n  models: []\n", "t.yaml:4: axes.models: empty"},
		{head + "axes:\n  models: [step3]\n  hardware: []\n  contexts: [8k]\n", "t.yaml:5: axes.hardware: empty"},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n", "t.yaml:3: axes.contexts: empty"},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: [8k, -5]\n", "t.yaml:6: axes.contexts[1]: -5 must be a positive number of tokens"},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: [abc]\n", `t.yaml:6: axes.contexts[0]: "abc" is not a number`},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\n  prices:\n    h800: [2, -1]\n", "t.yaml:8: axes.prices.h800[1]: -1 must be a positive number"},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: {from: 8k, to: 1k}\n", "axes.contexts.to: to (1024) is less than from (8192)"},
		// A factor is a whole multiplier: neither a count of tokens (1k would multiply by 1024)
		// nor a fraction.
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: {from: 1k, to: 128k, factor: 1.5}\n", `t.yaml:6: axes.contexts.factor: "1.5": want a whole number of at least 2 (each value is the one before × factor)`},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: {from: 1k, to: 128k, factor: 1k}\n", `t.yaml:6: axes.contexts.factor: "1k": want a whole number of at least 2`},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: {from: 1k, to: 128k, factor: 1}\n", `t.yaml:6: axes.contexts.factor: "1": want a whole number of at least 2`},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\n  precisions: [fp7]\n", `t.yaml:7: axes.precisions[0]: unknown precision "fp7"`},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\nplots:\n  - file: a.gif\n    x: context\n    y: kv_bytes\n", `t.yaml:8: plots[0].file: "a.gif": want a file ending in .png or .svg`},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\nplots:\n  - file: a.png\n    x: context\n    y: colour\n", `t.yaml:10: plots[0].y[0]: unknown column "colour"`},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\npareto:\n  min: [model]\n", `t.yaml:8: pareto.min[0]: column "model" holds text`},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\nplots:\n  - file: a.png\n    x: context\n    y: kv_bytes\n    marks: [{label: nowhere}]\n", `t.yaml:11: plots[0].marks[0]: a mark has x or y`},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: {from: 1, to: 1000000}\n", "t.yaml:3: axes: 1000000 points: sweeps of more than 200000 points must set stream: true"},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\noutputs:\n  csv: ../x.csv\n", `t.yaml:8: outputs.csv: "../x.csv": output files are relative`},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: true\n", `t.yaml:6: axes.contexts: "true" is not a number`},
		{head + "axes:\n  models: step3\n  hardware: h800\n  contexts: 8k\nafd: maybe\n", "t.yaml:7: cannot unmarshal"},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\nplots:\n  - file: a.png\n    kind: bars\n    x: hardware\n    y: kv_bytes\n    log_y: true\n", "t.yaml:12: plots[0].log_y: a bar chart has no log y axis"},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\nplots:\n  - file: a.png\n    x: context\n    y: kv_bytes\n    threshold: kv_bytes\n", "t.yaml:11: plots[0].threshold: a threshold is drawn on bars"},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\nplots:\n  - file: a.png\n    kind: bars\n    x: hardware\n    y: kv_bytes\n    sort: up\n", `t.yaml:12: plots[0].sort: "up": want ascending or descending`},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\nplots:\n  - file: a.png\n    x: kv_bytes\n    y: attention_flops\n    arrows: context\n", "t.yaml:11: plots[0].arrows: arrows join the points of one label or series"},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\nplots:\n  - file: a.png\n    x: kv_bytes\n    y: attention_flops\n    label: model\n    arrows: model\n", "t.yaml:12: plots[0].arrows"},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\nplots:\n  - file: a.png\n    x: context\n    y: total_usd_per_mtok\n    crossing: {y: context_usd_per_mtok, over: weights_usd_per_mtok, label: r}\n", "plots[0].crossing: a crossing is marked on the lines of a line plot"},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\nplots:\n  - file: a.png\n    kind: line\n    x: context\n    y: total_usd_per_mtok\n    crossing: {y: context_usd_per_mtok, label: r}\n", "plots[0].crossing.over: missing (a numeric column)"},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\nplots:\n  - file: a.png\n    kind: line\n    x: context\n    y: total_usd_per_mtok\n    crossing: {y: model, over: weights_usd_per_mtok, label: r}\n", "plots[0].crossing.y"},
		// repeated axis values printed duplicate rows (the CLI refuses --model a,a too)
		{head + "axes:\n  models: [step3, step3]\n  hardware: [h800]\n  contexts: 8k\n", `t.yaml:4: axes.models[1]: model "step3" is listed twice (entry 0 too); list each once`},
		{head + "axes:\n  models: [step3]\n  hardware: [h800, h20, h800]\n  contexts: 8k\n", `t.yaml:5: axes.hardware[2]: card "h800" is listed twice (entry 0 too)`},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: [8k, 8192]\n", "t.yaml:6: axes.contexts[1]: 8192 is the value of entry 0 (8k) again; list each value once"},
		{head + "axes:\n  models: [step3]\n  hardware: [h20]\n  contexts: 8k\n  prices: {h20: [0.6, 0.60]}\n", "t.yaml:7: axes.prices.h20[1]: 0.60 is the value of entry 0 (0.6) again"},
		// colliding outputs: "wrote same.csv" was printed twice and one output lost
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\noutputs:\n  csv: same.csv\n  table: same.csv\n", `t.yaml:9: outputs.table: "same.csv" is also the file of outputs.csv (line 8)`},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\noutputs:\n  csv: fig.png\nplots:\n  - file: ./fig.png\n    x: context\n    y: kv_bytes\n", `t.yaml:10: plots[0].file: "./fig.png" is also the file of outputs.csv (line 8)`},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\nplots:\n  - file: a.png\n    x: context\n    y: kv_bytes\n  - file: A.PNG\n    x: context\n    y: kv_bytes\n", `t.yaml:11: plots[1].file: "A.PNG" is also the file of plots[0].file (line 8)`},
		{head + "axes:\n  models: [step3]\n  hardware: [h800]\n  contexts: 8k\noutputs:\n  csv: out\n  json: out/rows.json\n", `t.yaml:9: outputs.json: "out/rows.json" and outputs.csv "out" (line 8): one would be a folder holding the other`},
	} {
		_, err := Parse("t.yaml", []byte(tc.yaml))
		if err == nil {
			t.Errorf("%q: no error, want %q", tc.yaml, tc.want)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
			t.Errorf("%q:\n got %q\nwant %q on one line", tc.yaml, msg, tc.want)
		}
	}
}

// TestPlanErrors: names that only the resolver and the catalogue can judge get the line of
// their entry.
func TestPlanErrors(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"name: t\nanalysis: cost\naxes:\n  models: [step3, nosuch]\n  hardware: h800\n  contexts: 8k\n", `t.yaml:4: axes.models[1]: unknown model "nosuch"`},
		{"name: t\nanalysis: cost\naxes:\n  models: step3\n  hardware:\n    - h800\n    - gb200\n  contexts: 8k\n", "t.yaml:7: axes.hardware[1]: gb200 has no price"},
		{"name: t\nanalysis: deploy\naxes:\n  models: step3\n  contexts: 4k\n  deployment: {attention_hardware: h800, ffn_hardware: b300}\n", `t.yaml:6: axes.deployment.ffn_hardware: unknown hardware "b300"`},
		{"name: t\nanalysis: deploy\naxes:\n  models: step3\n  hardware: h800\n  contexts: 4k\n  deployment: {ffn_instances: 7}\n", "t.yaml:7: axes.deployment.ffn_instances: no plan can exist for any model (step3: FFN pools of y·8 GPUs beyond its 48 routed experts)"},
	} {
		s, err := Parse("t.yaml", []byte(tc.yaml))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Run(s, Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
}

// TestStreamOrderAndFrontier: a streamed sweep writes the same rows whatever the number
// of workers, one per point plus one AFD row per group, and finds the frontier.
func TestStreamOrderAndFrontier(t *testing.T) {
	s, err := Parse("t.yaml", []byte(`
name: t
analysis: cost
stream: true
axes:
  models: report
  hardware: report
  contexts: {from: 1k, to: 128k, step: 1k}
pareto: {min: [total_usd_per_mtok], max: [context], where: {hardware: afd, model: step3}}
`))
	if err != nil {
		t.Fatal(err)
	}
	var one, many bytes.Buffer
	r1, err := Stream(s, &one, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	r4, err := Stream(s, &many, Options{Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	if one.String() != many.String() {
		t.Fatal("1 and 4 workers wrote different rows")
	}
	recs, err := csv.NewReader(&one).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// 9 models × 128 contexts × (4 cards + afd) + header
	if len(recs) != 9*128*5+1 || r1.Points != 9*128*4 || r1.Rows != 9*128*5 {
		t.Fatalf("%d records, %d points, %d rows", len(recs), r1.Points, r1.Rows)
	}
	if recs[1][0] != "deepseek-v3" || recs[1][1] != "1024" || recs[5][2] != "afd" || len(recs[0]) != len(costColumns) {
		t.Errorf("first rows %v / %v", recs[1], recs[5])
	}
	// Step-3's AFD cost grows with context: every context is on the frontier of
	// (min cost, max context)? No — larger context costs more, so each is a trade-off.
	if len(r4.Frontier) != 128 || len(r1.Frontier) != 128 {
		t.Errorf("frontier of %d and %d rows, want 128", len(r1.Frontier), len(r4.Frontier))
	}
}

// TestSparsityAndRoofline: the analyses other issues built run from scenarios and give
// their functions' numbers. Step-3 on H800 (docs/design.md §sparsity): min sparsity =
// 7168 · 1980e12 · 61 / (8·400e9/8 · 3.35e12 · 0.0111) = 0.05818…
func TestSparsityAndRoofline(t *testing.T) {
	s, err := Parse("s.yaml", []byte("name: s\nanalysis: sparsity\naxes: {models: step3, hardware: [h800, h20]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := 7168 * 1980e12 * 61 / (8 * 400e9 / 8 * 3.35e12 * 0.0111)
	if len(r.Sparsity) != 2 || r.Sparsity[0].Hardware != "h800" || math.Abs(r.Sparsity[0].MinSparsity-want) > 1e-12*want {
		t.Errorf("sparsity rows %+v, want h800 min sparsity %v", r.Sparsity, want)
	}
	s, err = Parse("r.yaml", []byte("name: r\nanalysis: roofline\naxes: {models: [step3, qwen3-32b], hardware: h800, contexts: [4k, 8k], batch_sizes: [1, 64]}\n"))
	if err != nil {
		t.Fatal(err)
	}
	r, err = Run(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Roofline) != 8 || r.Plan.Points() != 8 {
		t.Fatalf("%d roofline rows, %d points; want 8", len(r.Roofline), r.Plan.Points())
	}
	// models × cards × contexts × batches, batches innermost.
	if g := r.Roofline[1]; g.Variant.Model.ID != "step3" || g.Context != 4096 || g.Batch != 64 {
		t.Errorf("row 1: %s %d %d", g.Variant.Model.ID, g.Context, g.Batch)
	}
	m, _ := model.Builtin("qwen3-32b")
	hw, _ := hardware.Builtin().Get("h800")
	direct, err := cost.Roofline(m, hw, hardware.DefaultProfile(), cost.AttentionStep{Sequences: 64, Context: 8192, GPUs: 1}, cost.RooflineOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Roofline[7]; got.FFNLayer != direct.FFNLayer || got.AttentionLayer != direct.AttentionLayer {
		t.Errorf("qwen3-32b at 8K, batch 64: %+v, cost.Roofline gives %+v", got.LayerRoofline, direct)
	}
	// Sparsity takes no contexts; roofline needs batch sizes.
	for _, bad := range []string{
		"name: s\nanalysis: sparsity\naxes: {models: step3, hardware: h800, contexts: 8k}\n",
		"name: r\nanalysis: roofline\naxes: {models: step3, hardware: h800, contexts: 8k}\n",
		"name: r\nanalysis: roofline\naxes: {models: step3, hardware: h800, contexts: 8k, batch_sizes: 1, deployment: {attention_parallel: pp}}\n",
	} {
		if _, err := Parse("b.yaml", []byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

// TestDeploy: the deploy analysis keeps the plans cost.EvaluateAFD says fit, in the order
// x, y, batch, with N = b·m·x·g.
func TestDeploy(t *testing.T) {
	s, err := Parse("d.yaml", []byte(`name: d
analysis: deploy
axes:
  models: step3
  hardware: h800
  contexts: 4k
  batch_sizes: [16, 64]
  deployment: {attention_instances: [1, 2], ffn_instances: 2, tpot_sla_ms: 50}
`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Points() != 4 {
		t.Errorf("%d points, want 2 x × 1 y × 2 batches = 4", s.Points())
	}
	r, err := Run(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := model.Builtin("step3")
	hw, _ := hardware.Builtin().Get("h800")
	var want []cost.DeployResult
	for _, x := range []int{1, 2} {
		for _, b := range []int{16, 64} {
			d, err := cost.EvaluateAFD(m, cost.AFDPlan{Context: 4096, AttentionHardware: hw, FFNHardware: hw,
				AttentionInstances: x, FFNInstances: 2, GPUsPerInstance: 8, Batch: b * 3 * x * 8, MicroBatches: 3,
				Assumptions: cost.DefaultAssumptions()})
			if err != nil {
				t.Fatal(err)
			}
			if d.Fits {
				want = append(want, d)
			}
		}
	}
	if len(r.Deploy) != len(want) || len(want) == 0 {
		t.Fatalf("%d plans, want %d", len(r.Deploy), len(want))
	}
	for i := range want {
		got := r.Deploy[i]
		if got.TotalBatch != want[i].TotalBatch || got.TPOT != want[i].TPOT || got.TGS != want[i].TGS {
			t.Errorf("plan %d: %s N=%v TPOT %v; cost.EvaluateAFD: %s N=%v TPOT %v", i, got.Family(), got.TotalBatch, got.TPOT, want[i].Family(), want[i].TotalBatch, want[i].TPOT)
		}
		if got.MeetsSLA != (got.TPOT.Calibrated <= 0.050) {
			t.Errorf("plan %d: meets SLA %v at %v s", i, got.MeetsSLA, got.TPOT.Calibrated)
		}
	}
}

// TestCSVPiecesMatchRows: the row assembled from preformatted pieces is the row costRow
// writes field by field, for cells and AFD rows, with ids that need quoting.
func TestCSVPiecesMatchRows(t *testing.T) {
	s, err := Parse("t.yaml", []byte("name: t\nanalysis: cost\naxes: {models: [step3, llama4-maverick], precisions: [default, {cache: bf16}], hardware: [h800, h20], contexts: [1, 9000], prices: {h20: [0.8, 1.25]}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p.Models[0].Precision = `a "quoted", label`
	pieces := newCSVPieces(p)
	rc := newRowCaches(len(p.Cards))
	for m := range p.Models {
		e := cost.NewEvaluator(p.Models[m].Model, p.Count)
		for _, ctx := range p.Contexts.Values() {
			cells := make([]cost.Theoretical, len(p.Cards))
			var group []byte
			for j := range p.Cards {
				cells[j] = e.Theoretical(&p.Cards[j], ctx)
				if j == 0 {
					group = appendGroup(nil, &cells[0])
				}
				want := (&costRow{variant: &p.Models[m], card: &p.Cards[j], cell: &cells[j]}).appendCSV(nil)
				if got := pieces.appendCell(nil, m, j, group, &cells[j], rc); string(got) != string(want) {
					t.Errorf("cell:\n got %s\nwant %s", got, want)
				}
			}
			a, _ := cost.BestAFD(cells)
			want := (&costRow{variant: &p.Models[m], afd: &a}).appendCSV(nil)
			if got := pieces.appendAFD(nil, m, group, &a, rc); string(got) != string(want) {
				t.Errorf("afd:\n got %s\nwant %s", got, want)
			}
		}
	}
}

// TestTenMillionExample: the README's 10^7-point example loads and has that many points
// (running it is for benchmarks and users, not go test).
func TestTenMillionExample(t *testing.T) {
	s, err := Load("../docs/cost-10m.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if n := s.Points(); n != 9*4*277778 || !s.Stream {
		t.Errorf("%d points, stream %v; want %d streamed", n, s.Stream, 9*4*277778)
	}
}

// TestDeployEPDefaultGPUs: without deployment.gpus, EP tries cost.EPGPUCounts, as decost
// deploy does: one 8-GPU node doubling to 256 for DeepSeek-V3 (256 routed experts), to 32
// for Step-3 (48). One batch size, so the plans are the GPU counts: 6 + 3.
func TestDeployEPDefaultGPUs(t *testing.T) {
	s, err := Parse("e.yaml", []byte("name: e\nanalysis: deploy\naxes: {models: [deepseek-v3, step3], hardware: h800, contexts: 4k, batch_sizes: 1, deployment: {mode: ep}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := p.Points(); n != 6+3 {
		t.Errorf("%d plans, want 6 + 3 = 9", n)
	}
	r, err := Run(s, Options{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var gpus []int
	for _, row := range r.Deploy {
		gpus = append(gpus, row.GPUs)
	}
	// Rows are the plans that fit: DeepSeek-V3's ~671 GB of FP8 weights do not fit one node
	// (8 × 80 GB × 0.9 usable = 576 GB), so its rows start at 16.
	if want := []int{16, 32, 64, 128, 256, 8, 16, 32}; !slices.Equal(gpus, want) {
		t.Errorf("EP sizes %v, want %v", gpus, want)
	}
}

// TestDeployEP: mode ep evaluates cost.EvaluateEP for each GPU count and batch.
func TestDeployEP(t *testing.T) {
	s, err := Parse("e.yaml", []byte("name: e\nanalysis: deploy\naxes: {models: deepseek-v3, hardware: h800, contexts: 4k, batch_sizes: 8, deployment: {mode: ep, gpus: [16, 32]}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(s, Options{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := model.Builtin("deepseek-v3")
	hw, _ := hardware.Builtin().Get("h800")
	i := 0
	for _, gpus := range []int{16, 32} {
		want, err := cost.EvaluateEP(m, cost.EPPlan{Context: 4096, Hardware: hw, GPUs: gpus, BatchPerGPU: 16, MicroBatches: 2, Assumptions: cost.DefaultAssumptions()})
		if err != nil {
			t.Fatal(err)
		}
		if !want.Fits {
			continue
		}
		if i >= len(r.Deploy) || r.Deploy[i].Family() != want.Family() || r.Deploy[i].TPOT != want.TPOT {
			t.Errorf("EP%d: got %+v", gpus, r.Deploy)
		}
		i++
	}
	if i == 0 || i != len(r.Deploy) {
		t.Errorf("%d EP plans, want %d", len(r.Deploy), i)
	}
	for _, bad := range []string{
		"name: e\nanalysis: deploy\naxes: {models: step3, hardware: h800, contexts: 4k, deployment: {mode: ep, ffn_instances: 2}}\n",
		"name: e\nanalysis: deploy\naxes: {models: step3, hardware: h800, contexts: 4k, deployment: {gpus: 16}}\n",
		"name: e\nanalysis: deploy\naxes: {models: step3, hardware: h800, contexts: 4k, deployment: {mode: ep, gpus_per_instance: 4}}\n",
	} {
		if _, err := Parse("b.yaml", []byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

// TestDeploySkipsImpossiblePlans: one scenario over models of different expert counts. Plans
// that cannot exist for a model (an FFN pool of more GPUs than its routed experts) are left
// out and counted, as the CLI's search clamps them; they used to fail the whole sweep ("40
// FFN GPUs exceed the 32 routed experts", with no line).
func TestDeploySkipsImpossiblePlans(t *testing.T) {
	s, err := Parse("d.yaml", []byte(`name: d
analysis: deploy
axes:
  models: [minimax-m1, step3]
  hardware: h800
  contexts: 4k
  batch_sizes: [8, 16]
  deployment: {attention_instances: [1, 2, 3], ffn_instances: {from: 1, to: 8}}
`))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// g = 8 GPUs per instance: minimax-m1's 32 experts allow y ≤ 4, step3's 48 y ≤ 6.
	// Skipped: minimax-m1 y = 5…8, 4 y × 3 x × 2 batches = 24; step3 y = 7, 8: 2 × 3 × 2 = 12.
	want := map[string]int64{"minimax-m1": 24, "step3": 12}
	if len(r.DeploySkipped) != 2 {
		t.Fatalf("skipped %+v, want one entry per model", r.DeploySkipped)
	}
	for _, sk := range r.DeploySkipped {
		if sk.Plans != want[sk.Variant.Model.ID] {
			t.Errorf("%s: %d plans skipped, want %d", sk.Variant.Model.ID, sk.Plans, want[sk.Variant.Model.ID])
		}
	}
	for _, row := range r.Deploy {
		if row.FFNInstances > map[string]int{"minimax-m1": 4, "step3": 6}[row.Variant.Model.ID] {
			t.Errorf("%s: plan %s kept", row.Variant.Model.ID, row.Family())
		}
	}
	// One instance of 40 GPUs is more than minimax-m1's 32 experts: all its plans are
	// skipped (3 x × y = 1 × 2 batches = 6), step3's (48 experts) run.
	s, err = Parse("d.yaml", []byte(`name: d
analysis: deploy
axes:
  models: [minimax-m1, step3]
  hardware: h800
  contexts: 4k
  batch_sizes: [8, 16]
  deployment: {attention_instances: [1, 2, 3], ffn_instances: 1, gpus_per_instance: 40}
`))
	if err != nil {
		t.Fatal(err)
	}
	if r, err = Run(s, Options{}); err != nil {
		t.Fatal(err)
	}
	if len(r.DeploySkipped) != 1 || r.DeploySkipped[0].Variant.Model.ID != "minimax-m1" || r.DeploySkipped[0].Plans != 6 {
		t.Errorf("skipped %+v, want minimax-m1: 6 plans", r.DeploySkipped)
	}
}
