package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/render"
	"github.com/decost/decost/scenarios"
)

func countsSweepTable(res *scenarios.Result) *render.Table {
	t := &render.Table{
		Columns: wide(tableColumns(scenarios.CountsColumns(), showing(showing(
			map[string]func(any) string{"arithmetic_intensity": render.Sig(4)}, render.Sci(3), perToken()...),
			render.Billions, "activated_params", "total_params")),
			"precision", "linear_flops"),
		Caption: "Per decoded token (docs/design.md §counting). attn FLOP/B: attention core FLOPs per KV byte read.\n" +
			"activated/params: the report's figures where it quotes them, else computed with embeddings.",
	}
	for _, r := range res.Counts {
		t.Add(r.Variant.Model.ID, r.Variant.Precision, r.Context, r.KVBytes, r.AttentionFLOPs, r.LinearFLOPs, r.FFNFLOPs,
			r.ArithmeticIntensity, r.EffectiveRank, r.Variant.ActivatedParams, r.Variant.TotalParams)
	}
	return t
}

// sparsitySweepTable is 'decost sparsity”s table with the model in front.
func sparsitySweepTable(res *scenarios.Result) *render.Table {
	limits := make([]cost.SparsityLimit, len(res.Sparsity))
	for i, r := range res.Sparsity {
		limits[i] = r.SparsityLimit
	}
	t := SparsityTable(limits)
	wide(t.Columns, "peak_tflops", "memory_tb_per_s", "network_gb_per_s") // the cards' own numbers, as 'decost hardware' shows them
	t.Columns = append(tableColumns(pick(scenarios.SparsityColumns(), "model"), nil), t.Columns...)
	for i := range t.Rows {
		t.Rows[i] = append([]any{res.Sparsity[i].Variant.Model.ID}, t.Rows[i]...)
	}
	if len(res.Sparsity) > 0 {
		l := res.Sparsity[0]
		t.Caption = fmt.Sprintf("Network bound (docs/design.md §sparsity): min sparsity = H·peak·L / (Net·BW·budget), H and L of each model, peak FP8 where the card has it; budget %s ms.\n"+
			"dense batch = peak/(2·BW) tokens (8-bit weights); MoE batch = dense batch / model sparsity; needed = activated experts to clear the bound.",
			render.Sig(3)(ms(l.CommunicationBudgetSeconds)))
	}
	if len(res.SparsitySkipped) > 0 {
		var ids []string
		for _, v := range res.SparsitySkipped {
			ids = append(ids, v.Model.ID)
		}
		t.Caption += "\nSkipped, as dense (no MoE layer, so no expert sparsity to bound): " + strings.Join(slices.Compact(ids), ", ") + "."
	}
	return t
}

// rooflineSweepTable lists, per model, card, context and batch, one layer of the most
// common attention and FFN kinds on one GPU of the group: FLOPs, bytes, ideal and
// calibrated time.
func rooflineSweepTable(res *scenarios.Result) *render.Table {
	sci, sig := render.Sci(3), render.Sig(4)
	t := &render.Table{
		Columns: wide(tableColumns(scenarios.RooflineColumns(),
			showing(showing(nil, sci, "attention_flops", "attention_bytes", "ffn_flops", "ffn_bytes"),
				sig, "attention_ideal_us", "attention_calibrated_us", "ffn_ideal_us", "ffn_calibrated_us"),
			"precision", "attention_kind", "ffn_kind"),
			"gpus", "attention_parallel", "attention_bytes", "ffn_bytes"),
		Caption: "One layer of the most common attention and FFN kinds on one GPU of the group, for one decode step (docs/design.md §roofline).\n" +
			"ideal: roofline at 100% of peak and bandwidth; calibrated: the card's profile (default: the H200 fit, see 'decost calibrate').",
	}
	for _, r := range res.Roofline {
		a, f := r.AttentionLayer, r.FFNLayer
		t.Add(r.Variant.Model.ID, r.Variant.Precision, r.Hardware, r.Context, r.Batch, r.GPUs, string(r.Parallel),
			r.AttentionKind, a.FLOPs, a.Bytes, us(a.IdealSeconds), us(a.CalibratedSeconds),
			r.FFNKind, f.FLOPs, f.Bytes, us(f.IdealSeconds), us(f.CalibratedSeconds))
	}
	return t
}

// deploySweepTable lists the deployment plans that fit memory: calibrated TPOT, TGS and cost
// next to the ideal ones, and the binding stage.
func deploySweepTable(res *scenarios.Result) *render.Table {
	sig := render.Sig(4)
	t := &render.Table{
		Columns: wide(tableColumns(scenarios.DeployColumns(),
			showing(nil, sig, "total_batch", "sequences_per_attention_gpu", "tpot_ms_calibrated", "tgs_calibrated",
				"usd_per_mtok_calibrated", "tpot_ms_ideal", "tgs_ideal", "usd_per_mtok_ideal"),
			"precision", "mode", "attention_instances", "ffn_instances", "sequences_per_attention_gpu", "usd_per_mtok_ideal"),
			"attention_hardware", "ffn_hardware", "micro_batches", "gpus", "mtp_draft_tokens", "mtp_accept_rate", "credited_tokens_per_step"),
		Caption: "Deployment plans that fit memory (docs/design.md §deploy): TPOT and TGS (tokens per GPU per second) calibrated (the card's profile) and ideal (100% of peak);\n" +
			"plan xAyF = x attention and y FFN instances (AFD), EPn = n GPUs (EP); binding: the stage that sets the calibrated period; SLA: calibrated TPOT within the target;\n" +
			"MTP: K draft tokens per step at acceptance p, credited 1 + p + … + p^K tokens per sequence and step (TPOT = step / credited).",
	}
	for _, sk := range res.DeploySkipped {
		t.Caption += fmt.Sprintf("\nSkipped, as plans that cannot exist for the model: %s (%s), %d plans: %s.", sk.Variant.Model.ID, sk.Variant.Precision, sk.Plans, sk.Reason)
	}
	for _, r := range res.Deploy {
		sla := "no"
		if r.MeetsSLA {
			sla = "yes"
		}
		t.Add(r.Variant.Model.ID, r.Variant.Precision, r.Context, r.Mode, r.Family(), r.AttentionHardware, r.FFNHardware,
			r.AttentionInstances, r.FFNInstances, r.GPUs, r.TotalBatch, r.MicroBatches,
			r.MTP.DraftTokens, r.MTP.AcceptRate, r.CreditedTokensPerStep, r.SequencesPerAttentionGPU,
			ms(r.TPOT.Calibrated), r.TGS.Calibrated, r.USDPerMTok.Calibrated,
			ms(r.TPOT.Ideal), r.TGS.Ideal, r.USDPerMTok.Ideal, r.BindingStage, sla)
	}
	return t
}
