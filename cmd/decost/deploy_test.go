package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDeployGolden(t *testing.T) {
	checkGoldens(t, []goldenCase{
		// The two acceptance commands (README "Deployment simulation").
		{"deploy_afd_step3_h800.txt", []string{"deploy", "--mode", "afd", "--model", "step3", "--attention-hardware", "h800", "--ffn-hardware", "h800", "--context", "4096"}},
		{"deploy_ep_deepseek_v3.txt", []string{"deploy", "--mode", "ep", "--model", "deepseek-v3", "--hardware", "h800", "--gpus", "128", "--batch", "128", "--context", "4096"}},
		// The hand-computed plan of cost's tests, fixed: one JSON object.
		{"deploy_afd_2a2f.json", []string{"deploy", "--attention-instances", "2", "--ffn-instances", "2", "--batch", "3072", "--format", "json"}},
		// Heterogeneous AFD, a 2A2F search with its frontier, as Markdown.
		{"deploy_afd_h20_frontier.md", []string{"deploy", "--attention-hardware", "h20", "--ffn-hardware", "h800", "--attention-instances", "2", "--ffn-instances", "2", "--frontier", "--format", "markdown"}},
		{"deploy_ep_fixed.csv", []string{"deploy", "--mode", "ep", "--model", "deepseek-v3", "--gpus", "64", "--batch", "64", "--format", "csv"}},
	})
}

// deployPlan is the part of deploy's JSON the identities need.
type deployPlan struct {
	Mode             string  `json:"mode"`
	GPUs             int     `json:"gpus"`
	TotalBatch       float64 `json:"total_batch"`
	MicroBatches     int     `json:"micro_batches"`
	TPOTMsIdeal      float64 `json:"tpot_ms_ideal"`
	TPOTMsCalibrated float64 `json:"tpot_ms_calibrated"`
	TGSIdeal         float64 `json:"tgs_ideal"`
	TGSCalibrated    float64 `json:"tgs_calibrated"`
	Fits             bool    `json:"fits"`
	BindingStage     string  `json:"binding_stage"`
	Layers           []struct {
		Layers   int `json:"layers"`
		LayersMS struct {
			Ideal      float64 `json:"ideal"`
			Calibrated float64 `json:"calibrated"`
		} `json:"layers_ms"`
	} `json:"layers"`
}

func relNear(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Abs(b) }

// checkIdentities holds TPOT ≥ Σ layers × period (the per-step ops add to it) and TGS = N /
// TPOT / GPUs (no MTP: one credited token per step) on the printed numbers.
func checkIdentities(t *testing.T, p deployPlan) {
	t.Helper()
	var ideal, cal float64
	for _, l := range p.Layers {
		ideal += l.LayersMS.Ideal
		cal += l.LayersMS.Calibrated
	}
	if p.TPOTMsIdeal < ideal*(1-1e-9) || p.TPOTMsCalibrated < cal*(1-1e-9) || p.TPOTMsCalibrated > 1.1*cal {
		t.Errorf("TPOT %v/%v ms, Σ layers × period = %v/%v ms", p.TPOTMsIdeal, p.TPOTMsCalibrated, ideal, cal)
	}
	if !relNear(p.TGSIdeal, p.TotalBatch/(p.TPOTMsIdeal/1e3)/float64(p.GPUs)) ||
		!relNear(p.TGSCalibrated, p.TotalBatch/(p.TPOTMsCalibrated/1e3)/float64(p.GPUs)) {
		t.Errorf("TGS %v/%v ≠ N/TPOT/GPUs", p.TGSIdeal, p.TGSCalibrated)
	}
	if p.TGSIdeal < p.TGSCalibrated {
		t.Errorf("ideal TGS %v < calibrated %v", p.TGSIdeal, p.TGSCalibrated)
	}
}

func TestDeployJSONIdentities(t *testing.T) {
	out, errs, code := run(t, "deploy", "--attention-instances", "2", "--ffn-instances", "2", "--batch", "3072", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var p deployPlan
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	// The plan of cost's TestEvaluateAFDStep3By2A2FByHand with the default assumptions: ideal
	// TPOT 25.67 ms (the complete op list and the afd-pipeline period), TGS 3072 / 25.67 ms /
	// 32 = 3739.
	if math.Abs(p.TPOTMsIdeal-25.675) > 0.001 || math.Abs(p.TGSIdeal-3739.0) > 0.1 || len(p.Layers) != 2 {
		t.Errorf("TPOT %v ms, TGS %v, %d layer kinds", p.TPOTMsIdeal, p.TGSIdeal, len(p.Layers))
	}
	checkIdentities(t, p)
	for _, args := range [][]string{
		{"deploy", "--model", "step3", "--format", "json"},
		{"deploy", "--mode", "ep", "--model", "deepseek-v3", "--gpus", "128", "--tpot", "100ms", "--format", "json"},
	} {
		out, errs, code := run(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		var s struct {
			Best     deployPlan   `json:"best"`
			Frontier []deployPlan `json:"frontier"`
		}
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatal(err)
		}
		if !s.Best.Fits || s.Best.TPOTMsCalibrated > 100 || len(s.Frontier) == 0 {
			t.Errorf("%v: best fits %v TPOT %v, frontier %d", args, s.Best.Fits, s.Best.TPOTMsCalibrated, len(s.Frontier))
		}
		for _, p := range append(s.Frontier, s.Best) {
			checkIdentities(t, p)
		}
	}
}

// Relaxing --tpot never lowers the chosen TGS.
func TestDeploySLAMonotone(t *testing.T) {
	prev := 0.0
	for _, sla := range []string{"45ms", "60ms", "80ms", "0.1s"} {
		out, errs, code := run(t, "deploy", "--model", "step3", "--max-instances", "3", "--tpot", sla, "--format", "json")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", sla, code, errs)
		}
		var s struct {
			Best deployPlan `json:"best"`
		}
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatal(err)
		}
		if s.Best.TGSCalibrated < prev {
			t.Errorf("--tpot %s: TGS %v below %v at a tighter SLA", sla, s.Best.TGSCalibrated, prev)
		}
		prev = s.Best.TGSCalibrated
	}
}

func TestDeployPlot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "afd.svg")
	out, errs, code := run(t, "deploy", "--model", "step3", "--max-instances", "2", "--plot", path)
	// The one line on stderr says where the plot went.
	if code != 0 || errs != "wrote "+path+"\n" || out == "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		t.Errorf("plot: %v", err)
	}
}

func TestDeployErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"deploy", "--mode", "pd"}, `--mode "pd": want afd or ep`},
		{[]string{"deploy", "--hardware", "h20"}, "--hardware is for --mode ep"},
		{[]string{"deploy", "--mode", "ep", "--attention-instances", "2"}, "--attention-instances is for --mode afd"},
		{[]string{"deploy", "--tpot", "fast"}, `decost: --tpot: "fast" is not a duration`},
		{[]string{"deploy", "--tpot", "-5ms"}, `decost: --tpot: -5ms is outside 1µs…1h`},
		// one duration rule: a bare number was 50 ms here and an error in sparsity
		{[]string{"deploy", "--tpot", "50"}, "50 has no unit; want a duration with its unit, e.g. 50ms or 50s"},
		{[]string{"deploy", "--message-latency", "5"}, "5 has no unit"},
		{[]string{"deploy", "--tpot", "1000000h"}, "1000000h is outside 1µs…1h"},
		{[]string{"deploy", "--tpot", "1ms"}, "no plan meets TPOT ≤ 1 ms (calibrated)"},
		{[]string{"deploy", "--memory-usable", "0.05"}, "no plan fits memory"},
		{[]string{"deploy", "--nic-efficiency", "2"}, "nic efficiency must be in (0, 1]"},
		{[]string{"deploy", "--attention-hardware", "h900"}, "--attention-hardware"},
		{[]string{"deploy", "--ffn-instances", "7", "--attention-instances", "1", "--batch", "24"}, "exceed the 48 routed experts"},
		{[]string{"deploy", "--batch", "-1"}, "--batch -1"},
		{[]string{"deploy", "--attention-kv", "fp7"}, "--attention-kv"},
		{[]string{"deploy", "--ffn-hardware", "l40s", "--attention-instances", "1", "--ffn-instances", "1", "--batch", "24"}, "l40s has no scale-out NIC"},
		{[]string{"deploy", "--attention-instances", "1", "--ffn-instances", "1", "--batch", "24", "--frontier"}, "--frontier needs a search"},
		// ignored without a word: the plan was fixed
		{[]string{"deploy", "--attention-instances", "1", "--ffn-instances", "1", "--batch", "24", "--max-batch", "64"}, "--max-batch needs a search"},
		{[]string{"deploy", "--mode", "ep", "--gpus", "16", "--batch", "24", "--max-batch", "64"}, "--max-batch needs a search"},
		{[]string{"deploy", "--plot", filepath.Join(dir, "x.gif"), "--max-instances", "1", "--tpot", "200ms"}, "want a .png or .svg"},
		{[]string{"deploy", "--basis", "best"}, "--basis"},
		{[]string{"deploy", "--max-instances", "1000"}, "--max-instances must be in 1…64"},
		{[]string{"deploy", "--gpus-per-instance", "64"}, "fewer than the 64 GPUs of one FFN instance"},
		{[]string{"deploy", "--memory-usable", "NaN"}, "usable memory fraction"},
	} {
		out, errs, code := run(t, tc.args...)
		if code == 0 || out != "" {
			t.Errorf("%v: exit %d, stdout %q", tc.args, code, out)
		}
		if !strings.HasPrefix(errs, "decost: ") || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: stderr %q, want one line with %q", tc.args, errs, tc.want)
		}
	}
}
