package cost_test

import (
	"fmt"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// must returns v, panicking on err: examples keep their error handling short.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// The Step-3 report's theoretical decoding cost of one model on one card
// (docs/design.md §cost): Step-3 on H800 at 8K, in USD per 10^6 decoded tokens.
func ExampleTheoreticalCost() {
	m := must(model.Builtin("step3"))
	h800 := must(hardware.Builtin().Get("h800"))
	c := must(cost.TheoreticalCost(m, h800, 8192, model.CountOptions{}))
	fmt.Printf("attention %.5f (core bound by %s), FFN %.5f, total %.5f USD/Mtok\n",
		c.AttentionUSDPerMTok, c.AttentionBound, c.FFNUSDPerMTok, c.TotalUSDPerMTok)
	// Output:
	// attention 0.04823 (core bound by memory), FFN 0.01495, total 0.06318 USD/Mtok
}

// A per-layer roofline (docs/design.md §roofline): one decode step of 256 sequences of
// Step-3 at 4K on a group of 8 H800 (data-parallel attention, 32 sequences per GPU; the 48
// experts spread 6 per GPU), ideal times (100% of peak and bandwidth), the ops of one MoE
// layer on one GPU.
func ExampleRoofline() {
	m := must(model.Builtin("step3"))
	h800 := must(hardware.Builtin().Get("h800"))
	r := must(cost.Roofline(m, h800, hardware.Ideal(),
		cost.AttentionStep{Sequences: 256, Context: 4096, GPUs: 8}, cost.RooflineOptions{}))
	for _, op := range r.Ops {
		if op.LayerKind == r.FFNKind {
			fmt.Printf("%-15s %-7s %6.1f µs\n", op.Name, op.Bound, op.IdealSeconds*1e6)
		}
	}
	fmt.Printf("attention layer %.1f µs, FFN layer %.1f µs (ideal)\n",
		r.AttentionLayer.IdealSeconds*1e6, r.FFNLayer.IdealSeconds*1e6)
	// Output:
	// q_down          memory     4.5 µs
	// q_up            memory    10.3 µs
	// k_proj          memory     0.6 µs
	// v_proj          memory     0.6 µs
	// o_proj          memory    35.4 µs
	// attention_core  memory    20.7 µs
	// router          memory     0.3 µs
	// routed_gate_up  memory   132.3 µs
	// routed_down     memory    66.3 µs
	// shared_gate_up  memory    22.2 µs
	// shared_down     memory    11.1 µs
	// attention layer 72.4 µs, FFN layer 231.9 µs (ideal)
}

// A deployment plan (docs/design.md §deploy): Step-3 in AFD on H800, 2 attention and 2 FFN
// instances of 8 GPUs, 3072 sequences in flight, at 4K, with the default calibrated
// profile and network.
func ExampleEvaluateAFD() {
	m := must(model.Builtin("step3"))
	h800 := must(hardware.Builtin().Get("h800"))
	r := must(cost.EvaluateAFD(m, cost.AFDPlan{
		Context: 4096, AttentionHardware: h800, FFNHardware: h800,
		AttentionInstances: 2, FFNInstances: 2, GPUsPerInstance: cost.DefaultGPUsPerInstance,
		Batch: 3072, MicroBatches: cost.DefaultMicroBatches(cost.ModeAFD),
		Assumptions: cost.DefaultAssumptions(),
	}))
	fmt.Printf("%s on %d GPUs, fits memory: %v, binding stage: %s\n", r.Family(), r.GPUs, r.Fits, r.BindingStage)
	fmt.Printf("TPOT %.1f ms calibrated (%.1f ideal), TGS %.0f tokens/GPU/s calibrated (%.0f ideal)\n",
		r.TPOT.Calibrated*1e3, r.TPOT.Ideal*1e3, r.TGS.Calibrated, r.TGS.Ideal)
	// Output:
	// 2A2F on 32 GPUs, fits memory: true, binding stage: ffn
	// TPOT 37.0 ms calibrated (25.7 ideal), TGS 2592 tokens/GPU/s calibrated (3739 ideal)
}

// A deployment search: the AFD plan of highest calibrated TGS for DeepSeek-V3 on H800 at 4K
// whose TPOT meets the default 50 ms SLA, over cost's search space (x, y ≤ 8 instances,
// the batch grid).
func ExampleSearchAFD() {
	m := must(model.Builtin("deepseek-v3"))
	h800 := must(hardware.Builtin().Get("h800"))
	s := must(cost.SearchAFD(m, cost.AFDSearch{
		Plan: cost.AFDPlan{Context: 4096, AttentionHardware: h800, FFNHardware: h800,
			GPUsPerInstance: cost.DefaultGPUsPerInstance, MicroBatches: cost.DefaultMicroBatches(cost.ModeAFD),
			Assumptions: cost.DefaultAssumptions()},
		TPOTSLASeconds: cost.DefaultTPOTSLASeconds,
	}))
	b := s.Best
	fmt.Printf("found %v: %s, %g sequences, TPOT %.1f ms, TGS %.0f (calibrated); %d plans tried, %d fit\n",
		s.Found, b.Family(), b.TotalBatch, b.TPOT.Calibrated*1e3, b.TGS.Calibrated, s.Evaluated, s.Fitting)
	// Output:
	// found true: 8A4F, 10752 sequences, TPOT 49.4 ms, TGS 2267 (calibrated); 1408 plans tried, 1344 fit
}
