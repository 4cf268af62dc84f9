package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/decost/decost/chart"
	"github.com/decost/decost/cost"
	"github.com/decost/decost/model"
	"github.com/decost/decost/render"
	"gonum.org/v1/plot"
)

// NoPlanError says why a search chose nothing.
func NoPlanError(s cost.DeploySearch, slaSeconds float64, basis cost.Basis) error {
	if s.Fitting == 0 {
		return fmt.Errorf("no plan fits memory (%d plans tried): try more instances, a shorter context, --attention-kv fp8 or a larger --memory-usable", s.Evaluated)
	}
	f := s.Fastest
	tpot := f.TPOT.Calibrated
	if basis == cost.BasisIdeal {
		tpot = f.TPOT.Ideal
	}
	return fmt.Errorf("no plan meets TPOT ≤ %s ms (%s); the fastest that fits memory is %s with %g sequences at %s ms", render.Sig(3)(ms(slaSeconds)), basis, f.Family(), f.TotalBatch, render.Sig(3)(ms(tpot)))
}

// Deploy is everything 'decost deploy' renders: a fixed plan or a search, with what it
// assumed.
type Deploy struct {
	// Model is the model deployed.
	Model *model.Model
	// SLASeconds is the TPOT target in seconds; Basis the times a search held to it.
	SLASeconds float64
	Basis      cost.Basis
	// Assumptions are the profile, network and memory assumptions of the plans.
	Assumptions cost.Assumptions
	// Space describes the search space, for the caption.
	Space string
	// Fixed says the plan was given, not searched; Search holds it (Best) or the search.
	Fixed  bool
	Search cost.DeploySearch
	// ShowFrontier lists the search's Pareto frontier below the best plan.
	ShowFrontier bool
}

// Write renders the plan (or search) in format f: JSON, or the plans table followed (except
// in CSV) by the chosen plan's stages per layer kind and, with a breakdown, its schedule's
// timeline and every op of its step. CSV is the plans table, or with a breakdown the op list.
func (o Deploy) Write(w io.Writer, f render.Format) error {
	if f == render.JSON {
		if o.Fixed {
			return render.WriteJSON(w, NewDeployPlan(o.Search.Best, o.SLASeconds))
		}
		out := DeploySearch{Best: NewDeployPlan(o.Search.Best, o.SLASeconds), Frontier: []DeployPlan{}}
		for _, r := range o.Search.Frontier {
			out.Frontier = append(out.Frontier, NewDeployPlan(r, o.SLASeconds))
		}
		return render.WriteJSON(w, out)
	}
	breakdown := len(o.Search.Best.Breakdown) > 0
	if f == render.CSV {
		if breakdown {
			return o.BreakdownTable().Write(w, f)
		}
		return o.PlansTable().Write(w, f)
	}
	tables := []*render.Table{o.PlansTable(), o.StagesTable()}
	if breakdown {
		tables = append(tables, o.TimelineTable(), o.BreakdownTable())
	}
	for i, t := range tables {
		if i > 0 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		if err := t.Write(w, f); err != nil {
			return err
		}
	}
	return nil
}

// PlansTable lists the fixed plan, or the best plan of the search and (with ShowFrontier)
// its frontier, with a caption of the assumptions.
func (o Deploy) PlansTable() *render.Table {
	t := &render.Table{Columns: planColumns()}
	best := o.Search.Best
	if o.Fixed {
		addPlan(t, "plan", best)
	} else {
		addPlan(t, "best", best)
		if o.ShowFrontier {
			for _, r := range o.Search.Frontier {
				addPlan(t, "frontier", r)
			}
		}
	}
	t.Caption = o.plansCaption()
	return t
}

// orText shows a value as show does, and a missing one (nil) as text.
func orText(show func(any) string, text string) func(any) string {
	return func(v any) string {
		if v == nil {
			return text
		}
		return show(v)
	}
}

// planColumns are the columns of the plans table; the unnamed ones only CSV and JSON carry.
func planColumns() []render.Column {
	sig := render.Sig(4)
	return []render.Column{
		{Key: "role", Header: "role"},
		{Key: "plan", Header: "plan"},
		{Key: "hardware", Header: "hardware", Detail: true},
		{Key: "gpus", Header: "GPUs"},
		{Key: "total_batch", Header: "N", Show: sig},
		{Key: "micro_batches", Header: "m", Wide: true},
		{Key: "sequences_per_attention_gpu", Header: "b/GPU/mb", Show: sig},
		{Key: "tpot_ms_ideal", Header: "TPOT ms ideal", Show: sig},
		{Key: "tpot_ms_calibrated", Header: "TPOT ms calibrated", Show: sig},
		{Key: "tgs_ideal", Header: "TGS ideal", Show: sig},
		{Key: "tgs_calibrated", Header: "TGS calibrated", Show: sig},
		{Key: "binding_stage_ideal", Header: "binding ideal", Wide: true},
		{Key: "binding_stage", Header: "binding calibrated"},
		{Key: "memory_gb_attention_gpu", Header: "GB/attn GPU", Show: render.Sig(3), Wide: true},
		{Key: "memory_gb_ffn_gpu", Header: "GB/FFN GPU", Show: orText(render.Sig(3), "(same GPU)"), Wide: true},
		{Key: "fits", Header: "fits", Wide: true},
		{Key: "usd_per_mtok_ideal", Header: "$/Mtok ideal", Show: orText(render.Sig(3), "no price"), Detail: true},
		{Key: "usd_per_mtok_calibrated", Header: "$/Mtok calibrated", Show: orText(render.Sig(3), "no price")},
		{Key: "attention_us_ideal", Header: "", Detail: true},
		{Key: "attention_us_calibrated", Header: "", Detail: true},
		{Key: "ffn_us_ideal", Header: "", Detail: true},
		{Key: "ffn_us_calibrated", Header: "", Detail: true},
		{Key: "communication_us_ideal", Header: "", Detail: true},
		{Key: "communication_us_calibrated", Header: "", Detail: true},
		{Key: "dominant_kind", Header: "", Detail: true},
		{Key: "throughput_ideal", Header: "", Detail: true},
		{Key: "throughput_calibrated", Header: "", Detail: true},
	}
}

// addPlan adds plan r to the plans table in role (plan, best or frontier).
func addPlan(t *render.Table, role string, r cost.DeployResult) {
	hw := r.AttentionHardware
	// EP's FFN runs on the attention GPU, and a card without a price has no dollar figure:
	// those cells are empty in CSV (a number column holds numbers only), worded in tables.
	var ffnMem any
	if r.Mode == cost.ModeAFD {
		hw += "/" + r.FFNHardware
		ffnMem = gb(r.FFNGPUMemoryBytes)
	}
	var usdI, usdC any
	if r.USDPerMTok.Calibrated != 0 {
		usdI, usdC = r.USDPerMTok.Ideal, r.USDPerMTok.Calibrated
	}
	s := r.Stages()
	t.Add(role, r.Family(), hw, r.GPUs, r.TotalBatch, r.MicroBatches, r.SequencesPerAttentionGPU,
		ms(r.TPOT.Ideal), ms(r.TPOT.Calibrated), r.TGS.Ideal, r.TGS.Calibrated,
		r.BindingStageIdeal, r.BindingStage, gb(r.AttentionGPUMemoryBytes), ffnMem, r.Fits, usdI, usdC,
		us(s.Attention.Ideal), us(s.Attention.Calibrated), us(s.FFN.Ideal), us(s.FFN.Calibrated),
		us(s.Communication.Ideal), us(s.Communication.Calibrated), r.DominantKind, r.Throughput.Ideal, r.Throughput.Calibrated)
}

// plansCaption says what the plans are (the fixed plan against the SLA, or the search and
// its space), how TPOT and TGS are made, and what ideal, calibrated and memory assume.
func (o Deploy) plansCaption() string {
	best := o.Search.Best
	a := o.Assumptions
	var lines []string
	if best.Mode == cost.ModeAFD {
		lines = append(lines, fmt.Sprintf("%s, AFD: attention on %s, FFN on %s, %d GPUs per instance, context %d.",
			o.Model.ID, best.AttentionHardware, best.FFNHardware, best.GPUsPerInstance, best.Context))
	} else {
		lines = append(lines, fmt.Sprintf("%s, EP on %s, context %d; batch is per GPU × GPUs.", o.Model.ID, best.AttentionHardware, best.Context))
	}
	if o.Fixed {
		met := "meets"
		if o.basisOf(best.TPOT) > o.SLASeconds {
			met = "misses"
		}
		fit := ""
		if !best.Fits {
			fit = " It does NOT fit memory."
		}
		lines = append(lines, fmt.Sprintf("Fixed plan: %s the %s ms TPOT SLA (%s).%s", met, render.Sig(3)(ms(o.SLASeconds)), o.Basis, fit))
	} else {
		lines = append(lines, fmt.Sprintf("Search over %s (%d plans, %d fit memory): best = highest TGS with TPOT ≤ %s ms (%s) that fits memory.",
			o.Space, o.Search.Evaluated, o.Search.Fitting, render.Sig(3)(ms(o.SLASeconds)), o.Basis))
		if o.ShowFrontier {
			lines = append(lines, fmt.Sprintf("frontier: the Pareto frontier of TGS (max) against TPOT (min, %s) over every plan that fits, SLA or not.", o.Basis))
		}
	}
	if best.Mode == cost.ModeAFD {
		lines = append(lines, fmt.Sprintf("Layer period: schedule %s (max(m·max(t_A, t_dispatch, t_F, t_combine), the round trip)); step = Σ layers × period + per-step ops + MTP + overhead; TPOT = step / %s credited tokens; TGS = N × credited / step / GPUs. Dense FFN layers: TP within one FFN instance; embedding and LM head on attention GPUs.", best.Schedule, render.Sig(3)(best.CreditedTokensPerStep)))
	} else {
		lines = append(lines, fmt.Sprintf("Layer period: schedule %s over the compute stream and the network; step = Σ layers × period + per-step ops + MTP + overhead; TPOT = step / %s credited tokens; TGS = batch per GPU × credited / step. Dense FFN layers: whole on every GPU.", best.Schedule, render.Sig(3)(best.CreditedTokensPerStep)))
	}
	nic := "the cards' NICs"
	if a.Network.NICBitsPerSecond > 0 {
		nic = fmt.Sprintf("%g Gb/s NICs", a.Network.NICBitsPerSecond/1e9)
	}
	lines = append(lines,
		"ideal: roofline at 100% of peak and bandwidth, "+nic+" and NVLink at line rate, balanced expert load; calibrated: the card's measured kernel tables where they cover an op, else "+describeProfile(a.Profile)+
			fmt.Sprintf(", small ops at least %g µs; NICs at %g of line rate + %g µs per message, NVLink at %g; the busiest expert GPU (imbalance %s).",
				us(a.MinKernelSeconds), a.Network.Efficiency, us(a.Network.MessageLatencySeconds), a.ScaleUpEfficiency, best.Imbalance),
		servingLine(o.Model, best),
		fmt.Sprintf("Memory: %g of each GPU usable for weights and KV cache. binding: the stage that sets the layer period of the layer kind that takes most of TPOT.", a.MemoryUsableFraction))
	return strings.Join(lines, "\n")
}

func (o Deploy) basisOf(s cost.StageSeconds) float64 {
	if o.Basis == cost.BasisIdeal {
		return s.Ideal
	}
	return s.Calibrated
}

// StagesTable lists the chosen plan's stages per layer kind.
func (o Deploy) StagesTable() *render.Table {
	sig := render.Sig(4)
	r := o.Search.Best
	t := &render.Table{Columns: []render.Column{
		{Key: "layer_kind", Header: "layer kind"},
		{Key: "layers", Header: "layers"},
		{Key: "attention_us_ideal", Header: "attn µs ideal", Show: sig},
		{Key: "attention_us_calibrated", Header: "attn µs calibrated", Show: sig},
		{Key: "ffn_us_ideal", Header: "FFN µs ideal", Show: sig},
		{Key: "ffn_us_calibrated", Header: "FFN µs calibrated", Show: sig},
		{Key: "communication_us_ideal", Header: "comm µs ideal", Show: sig},
		{Key: "communication_us_calibrated", Header: "comm µs calibrated", Show: sig},
		{Key: "binding_stage_ideal", Header: "binding ideal", Wide: true},
		{Key: "binding_stage", Header: "binding calibrated"},
		{Key: "layers_ms_ideal", Header: "layers ms ideal", Show: sig, Wide: true},
		{Key: "layers_ms_calibrated", Header: "layers ms calibrated", Show: sig},
	}}
	for _, l := range r.Layers {
		t.Add(l.Kind, l.Layers, us(l.Attention.Ideal), us(l.Attention.Calibrated), us(l.FFN.Ideal), us(l.FFN.Calibrated),
			us(l.Communication.Ideal), us(l.Communication.Calibrated), l.BindingStageIdeal, l.BindingStage,
			ms(l.Period.Ideal)*float64(l.Layers), ms(l.Period.Calibrated)*float64(l.Layers))
	}
	where := fmt.Sprintf("%s: b = %s sequences per attention GPU and T = %s tokens for the FFN pool per micro-batch", r.Family(),
		render.Sig(4)(r.SequencesPerAttentionGPU), render.Sig(4)(r.FFNTokens))
	if r.Mode == cost.ModeEP {
		where = fmt.Sprintf("%s: b = %s sequences per GPU per micro-batch, T = %s tokens over the pool", r.Family(),
			render.Sig(4)(r.SequencesPerAttentionGPU), render.Sig(4)(r.FFNTokens))
	}
	lines := []string{
		"Stages per layer and micro-batch on one GPU, " + where + ".",
		fmt.Sprintf("layers ms = layers × the layer period of %d micro-batches under %s.", r.MicroBatches, r.Schedule),
		stepLine(r),
	}
	t.Caption = strings.Join(lines, "\n")
	return t
}

// IdealCalibrated is a pair of figures in JSON.
type IdealCalibrated struct {
	// Ideal (roofline at 100% of peak, network at line rate) and Calibrated (the profile's
	// fractions and overheads, network efficiency and latency), in the unit of the field
	// that holds the pair.
	Ideal      float64 `json:"ideal"`
	Calibrated float64 `json:"calibrated"`
}

func pairOf(s cost.StageSeconds, scale float64) IdealCalibrated {
	return IdealCalibrated{s.Ideal * scale, s.Calibrated * scale}
}

// DeployStages are stage times in µs.
type DeployStages struct {
	// Attention, FFN and Communication are t_A, t_F and t_C per layer and micro-batch on
	// one GPU; Dispatch and Combine the two directions of Communication.
	Attention     IdealCalibrated `json:"attention"`
	FFN           IdealCalibrated `json:"ffn"`
	Communication IdealCalibrated `json:"communication"`
	// Dispatch and Combine: see Attention.
	Dispatch IdealCalibrated `json:"dispatch"`
	Combine  IdealCalibrated `json:"combine"`
}

// DeployMemory is memory per GPU in GB: AFD attention_gpu and ffn_gpu, EP gpu, each
// with the usable memory of its card.
type DeployMemory struct {
	// AttentionGPU and FFNGPU are what one attention (FFN) GPU holds, in GB, for AFD;
	// the Usable fields its card's memory × the usable fraction.
	AttentionGPU       *float64 `json:"attention_gpu,omitempty"`
	AttentionGPUUsable *float64 `json:"attention_gpu_usable,omitempty"`
	FFNGPU             *float64 `json:"ffn_gpu,omitempty"`
	FFNGPUUsable       *float64 `json:"ffn_gpu_usable,omitempty"`
	// GPU and GPUUsable are the same for EP's one kind of GPU.
	GPU       *float64 `json:"gpu,omitempty"`
	GPUUsable *float64 `json:"gpu_usable,omitempty"`
}

// DeployLayer is one layer kind of a plan in JSON: stage times in µs, layer times in ms.
type DeployLayer struct {
	// Kind names the layer kind; Layers is how many layers it has.
	Kind   string `json:"kind"`
	Layers int    `json:"layers"`
	// StageUS are its stage times in µs; BindingStage and BindingStageIdeal the stage that
	// sets its period, calibrated and ideal.
	StageUS           DeployStages `json:"stage_us"`
	BindingStage      string       `json:"binding_stage"`
	BindingStageIdeal string       `json:"binding_stage_ideal"`
	// LayersMS is Layers × the layer period, in ms: its share of the step.
	LayersMS IdealCalibrated `json:"layers_ms"`
	// Timeline is the calibrated period stage by stage (with --breakdown).
	Timeline []DeployTimelineStage `json:"timeline,omitempty"`
}

// DeployPlan is one plan in the JSON contract (times in ms and µs, memory in GB).
// The plans table, the deploy sweep's columns (scenarios.DeployColumns) and cost.DeployResult's
// own JSON name the same quantities the same way; TestDeployVocabularies holds every name
// they share to one value.
type DeployPlan struct {
	// Mode is afd or ep; Model the model's id; Context the tokens cached per sequence.
	Mode    string `json:"mode"`
	Model   string `json:"model"`
	Context int    `json:"context"`
	// Hardware is EP's card; AttentionHardware and FFNHardware AFD's two pools' cards.
	Hardware          string `json:"hardware,omitempty"`
	AttentionHardware string `json:"attention_hardware,omitempty"`
	FFNHardware       string `json:"ffn_hardware,omitempty"`
	// AttentionInstances x, FFNInstances y and GPUsPerInstance g of an AFD plan ("xAyF").
	AttentionInstances int `json:"attention_instances,omitempty"`
	FFNInstances       int `json:"ffn_instances,omitempty"`
	GPUsPerInstance    int `json:"gpus_per_instance,omitempty"`
	// Plan is the plan's family ("2A2F", "EP128"); GPUs every GPU of the deployment.
	Plan string `json:"plan"`
	GPUs int    `json:"gpus"`
	// TotalBatch is N, the sequences in flight; BatchPerGPU is N/G for EP.
	TotalBatch  float64 `json:"total_batch"`
	BatchPerGPU float64 `json:"batch_per_gpu,omitempty"`
	// MicroBatches is m; SequencesPerAttentionGPU b, the sequences one attention GPU decodes
	// per micro-batch; FFNTokens the tokens of one micro-batch the FFN pool processes.
	MicroBatches             int     `json:"micro_batches"`
	SequencesPerAttentionGPU float64 `json:"sequences_per_attention_gpu"`
	FFNTokens                float64 `json:"ffn_tokens"`
	// TPOTMsIdeal and TPOTMsCalibrated are the time per output token in ms; TGSIdeal and
	// TGSCalibrated the tokens per GPU per second; Throughput N / TPOT in tokens per second.
	TPOTMsIdeal      float64         `json:"tpot_ms_ideal"`
	TPOTMsCalibrated float64         `json:"tpot_ms_calibrated"`
	TGSIdeal         float64         `json:"tgs_ideal"`
	TGSCalibrated    float64         `json:"tgs_calibrated"`
	Throughput       IdealCalibrated `json:"throughput_tokens_per_second"`
	// MeetsSLA says the calibrated TPOT is within the target.
	MeetsSLA bool `json:"meets_sla"`
	// BindingStage and BindingStageIdeal are the binding stages of DominantKind, the layer
	// kind that takes most of the calibrated TPOT; StageUS its stage times in µs.
	BindingStage      string       `json:"binding_stage"`
	BindingStageIdeal string       `json:"binding_stage_ideal"`
	DominantKind      string       `json:"dominant_kind"`
	StageUS           DeployStages `json:"stage_us"`
	// MemoryGB is the memory per GPU in GB; Fits says every GPU's share fits.
	MemoryGB DeployMemory `json:"memory_gb"`
	Fits     bool         `json:"fits"`
	// USDPerMTok is the price per 10^6 generated tokens in USD; absent when a card has no
	// price.
	USDPerMTok *IdealCalibrated `json:"usd_per_mtok,omitempty"`
	// MTP is the multi-token prediction (draft tokens K, acceptance p); TokensPerStep is
	// 1 + K per sequence, CreditedTokensPerStep 1 + p + … + p^K, the tokens TPOT and TGS are
	// credited per sequence and step.
	MTP                   cost.MTP `json:"mtp"`
	TokensPerStep         int      `json:"tokens_per_step"`
	CreditedTokensPerStep float64  `json:"credited_tokens_per_step"`
	// Schedule is the overlap schedule; Imbalance the expert-load assumption and
	// ImbalanceFactor the busiest GPU's load over the mean it gives on DominantKind;
	// RedundantExperts the extra expert replicas.
	Schedule         string  `json:"schedule"`
	Imbalance        string  `json:"imbalance"`
	ImbalanceFactor  float64 `json:"imbalance_factor"`
	RedundantExperts int     `json:"redundant_experts"`
	// Precision is the serving format of each op class.
	Precision cost.ServingPrecision `json:"precision"`
	// StepMS is one decode step and its parts, in ms.
	StepMS DeployStep `json:"step_ms"`
	// Layers are the stages of each layer kind, in model order.
	Layers []DeployLayer `json:"layers"`
	// Breakdown is every op of the step (with --breakdown).
	Breakdown []DeployOp `json:"breakdown,omitempty"`
}

// DeployStep is one decode step and its parts, in ms: the model's layers, the MTP draft
// passes, the per-step ops (embedding, final norm, LM head, sampling) and the fixed step
// overhead (calibrated only); Step is their sum.
type DeployStep struct {
	Layers                 IdealCalibrated `json:"layers"`
	MTP                    IdealCalibrated `json:"mtp"`
	StepOps                IdealCalibrated `json:"step_ops"`
	StepOverheadCalibrated float64         `json:"step_overhead_calibrated"`
	Step                   IdealCalibrated `json:"step"`
}

// DeployOp is one op of a decode step in JSON (cost.BreakdownOp, times in µs per run).
type DeployOp struct {
	Stage        string  `json:"stage"`
	Phase        string  `json:"phase,omitempty"`
	Op           string  `json:"op"`
	Count        int     `json:"count"`
	Tokens       float64 `json:"tokens"`
	FLOPs        float64 `json:"flops"`
	Bytes        float64 `json:"bytes"`
	USIdeal      float64 `json:"us_ideal"`
	USCalibrated float64 `json:"us_calibrated"`
	Basis        string  `json:"basis"`
	Bound        string  `json:"bound"`
}

// DeployTimelineStage is one stage of a layer period's timeline in JSON, times in µs from the
// start of the period.
type DeployTimelineStage struct {
	Stage      string  `json:"stage"`
	MicroBatch int     `json:"micro_batch"`
	Resources  string  `json:"resources"`
	StartUS    float64 `json:"start_us"`
	EndUS      float64 `json:"end_us"`
	DurationUS float64 `json:"duration_us"`
}

// DeploySearch is the JSON form of a search: the best plan and the Pareto frontier.
type DeploySearch struct {
	// Best is the plan the search chose; Frontier the Pareto frontier of TGS against TPOT
	// over every plan that fits memory.
	Best     DeployPlan   `json:"best"`
	Frontier []DeployPlan `json:"frontier"`
}

func stagesJSON(l cost.DeployLayer) DeployStages {
	return DeployStages{
		Attention: pairOf(l.Attention, 1e6), FFN: pairOf(l.FFN, 1e6), Communication: pairOf(l.Communication, 1e6),
		Dispatch: pairOf(l.Dispatch, 1e6), Combine: pairOf(l.Combine, 1e6),
	}
}

// NewDeployPlan converts a result; meets_sla is on calibrated times.
func NewDeployPlan(r cost.DeployResult, slaSeconds float64) DeployPlan {
	j := DeployPlan{
		Mode: r.Mode, Model: r.Model, Context: r.Context, Plan: r.Family(), GPUs: r.GPUs, TotalBatch: r.TotalBatch,
		MicroBatches: r.MicroBatches, SequencesPerAttentionGPU: r.SequencesPerAttentionGPU, FFNTokens: r.FFNTokens,
		TPOTMsIdeal: ms(r.TPOT.Ideal), TPOTMsCalibrated: ms(r.TPOT.Calibrated),
		TGSIdeal: r.TGS.Ideal, TGSCalibrated: r.TGS.Calibrated, Throughput: IdealCalibrated(r.Throughput),
		MeetsSLA: r.TPOT.Calibrated <= slaSeconds, BindingStage: r.BindingStage, BindingStageIdeal: r.BindingStageIdeal,
		DominantKind: r.DominantKind, StageUS: stagesJSON(r.Stages()), Fits: r.Fits,
		Layers: []DeployLayer{},
	}
	if r.Mode == cost.ModeAFD {
		j.AttentionHardware, j.FFNHardware = r.AttentionHardware, r.FFNHardware
		j.AttentionInstances, j.FFNInstances, j.GPUsPerInstance = r.AttentionInstances, r.FFNInstances, r.GPUsPerInstance
		j.MemoryGB = DeployMemory{AttentionGPU: gbPtr(r.AttentionGPUMemoryBytes), AttentionGPUUsable: gbPtr(r.AttentionGPUUsableBytes),
			FFNGPU: gbPtr(r.FFNGPUMemoryBytes), FFNGPUUsable: gbPtr(r.FFNGPUUsableBytes)}
	} else {
		j.Hardware = r.AttentionHardware
		j.BatchPerGPU = r.TotalBatch / float64(r.GPUs)
		j.MemoryGB = DeployMemory{GPU: gbPtr(r.AttentionGPUMemoryBytes), GPUUsable: gbPtr(r.AttentionGPUUsableBytes)}
	}
	if r.USDPerMTok.Calibrated > 0 {
		u := IdealCalibrated(r.USDPerMTok)
		j.USDPerMTok = &u
	}
	j.MTP, j.TokensPerStep, j.CreditedTokensPerStep = r.MTP, r.TokensPerStep, r.CreditedTokensPerStep
	j.Schedule, j.Imbalance, j.ImbalanceFactor, j.RedundantExperts = r.Schedule, r.Imbalance, r.ImbalanceFactor, r.RedundantExperts
	j.Precision = r.Precision
	j.StepMS = DeployStep{Layers: pairOf(r.LayersTime, 1e3), MTP: pairOf(r.MTPTime, 1e3), StepOps: pairOf(r.StepOpsTime, 1e3),
		StepOverheadCalibrated: ms(r.StepOverheadSeconds), Step: pairOf(r.StepTime, 1e3)}
	for _, l := range r.Layers {
		dl := DeployLayer{
			Kind: l.Kind, Layers: l.Layers, StageUS: stagesJSON(l), BindingStage: l.BindingStage,
			BindingStageIdeal: l.BindingStageIdeal, LayersMS: pairOf(l.Period, 1e3*float64(l.Layers)),
		}
		for _, s := range l.Timeline {
			dl.Timeline = append(dl.Timeline, DeployTimelineStage{Stage: s.Name, MicroBatch: s.MicroBatch, Resources: s.Resources,
				StartUS: us(s.StartSeconds), EndUS: us(s.EndSeconds), DurationUS: us(s.DurationSeconds)})
		}
		j.Layers = append(j.Layers, dl)
	}
	for _, op := range r.Breakdown {
		j.Breakdown = append(j.Breakdown, DeployOp{Stage: op.Stage, Phase: op.Phase, Op: op.Op, Count: op.Count, Tokens: op.Tokens,
			FLOPs: op.FLOPs, Bytes: op.Bytes, USIdeal: us(op.IdealSeconds), USCalibrated: us(op.CalibratedSeconds), Basis: op.Basis, Bound: string(op.Bound)})
	}
	return j
}

// Plot draws the frontier of the search, with the chosen plan labelled.
func (o Deploy) Plot() (*plot.Plot, error) {
	var pts []chart.DeployPoint
	best := o.Search.Best
	labelled := false
	for _, r := range o.Search.Frontier {
		p := chart.DeployPoint{Family: r.Family(), TPOTMs: ms(o.basisOf(r.TPOT)), TGS: o.basisOf(cost.StageSeconds(r.TGS))}
		if r.Mode != cost.ModeEP {
			p.Group = fmt.Sprintf("%d FFN instances (xA%dF)", r.FFNInstances, r.FFNInstances)
		}
		if !labelled && r.Family() == best.Family() && r.TotalBatch == best.TotalBatch {
			p.Label, labelled = fmt.Sprintf("best: %s, N=%g", r.Family(), r.TotalBatch), true
		}
		pts = append(pts, p)
	}
	cards := "on " + best.AttentionHardware
	if best.Mode == cost.ModeAFD {
		cards = fmt.Sprintf("(attention on %s, FFN on %s)", best.AttentionHardware, best.FFNHardware)
	}
	title := fmt.Sprintf("%s %s %s at context %d: TGS against TPOT (SLA %s ms)", o.Model.ID, strings.ToUpper(best.Mode), cards, best.Context, render.Sig(3)(ms(o.SLASeconds)))
	return chart.DeployFrontier(chart.Deploy{Title: title, XLabel: fmt.Sprintf("TPOT (ms, %s)", o.Basis),
		YLabel: fmt.Sprintf("TGS (tokens/GPU/s, %s)", o.Basis), SLAMs: ms(o.SLASeconds), Points: pts})
}

// AFDSpace describes an AFD search space for the plans caption: x attention instances
// (fixed when x > 0, else the values xs), y FFN instances (likewise ys), and the batch N
// (fixed when batch > 0, else b·m·x·g for b up to maxBatch).
func AFDSpace(x int, xs []int, y int, ys []int, batch, m, g, maxBatch int) string {
	n := fmt.Sprintf("N = b·%d·x·%d for b in 1…%d", m, g, maxBatch)
	if batch > 0 {
		n = fmt.Sprintf("N = %d", batch)
	}
	return fmt.Sprintf("x %s, y %s, %s", searched(x, xs), searched(y, ys), n)
}

// EPSpace describes an EP search space for the plans caption: G GPUs (fixed when gpus > 0,
// else the values gs) and the batch per GPU, b·m for b up to maxBatch.
func EPSpace(gpus int, gs []int, m, maxBatch int) string {
	if gpus > 0 {
		return fmt.Sprintf("batch per GPU = b·%d for b in 1…%d", m, maxBatch)
	}
	return fmt.Sprintf("G %s, batch per GPU = b·%d for b in 1…%d", searched(gpus, gs), m, maxBatch)
}

// searched describes one dimension of a search for its caption: "= fixed" when the flag
// fixes it, else the values cost's search space tries ("in 1…8", "in 8, 16, 32").
func searched(fixed int, space []int) string {
	switch {
	case fixed > 0:
		return fmt.Sprintf("= %d", fixed)
	case len(space) == 0:
		return "in (none)"
	case len(space) > 2 && space[len(space)-1]-space[0] == len(space)-1:
		return fmt.Sprintf("in %d…%d", space[0], space[len(space)-1])
	}
	parts := make([]string, len(space))
	for i, v := range space {
		parts[i] = strconv.Itoa(v)
	}
	return "in " + strings.Join(parts, ", ")
}
