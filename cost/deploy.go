package cost

import (
	"fmt"
	"math"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/kernels"
	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
)

// Deployment modes (docs/design.md §deploy).
const (
	// ModeAFD is attention–FFN disaggregation: attention and FFN on separate GPU pools.
	ModeAFD = "afd"
	// ModeEP is expert parallelism with attention and experts on the same GPUs.
	ModeEP = "ep"
)

// Stage names, as DeployResult.BindingStage reports them.
const (
	// StageAttention is the attention stage (projections, core, router) of AFD.
	StageAttention = "attention"
	// StageFFN is the FFN stage (routed and shared experts, or a dense FFN) of AFD.
	StageFFN = "ffn"
	// StageCommunication is the network stage: dispatch to and combine from the experts.
	StageCommunication = "communication"
	// StageCompute is EP's compute stage: attention then FFN on the same GPU.
	StageCompute = "compute"
	// StageDependency: no single resource is busy the whole period; a chain of dependencies
	// across resources sets it (AFD's round trip, or EP's experts waiting for a dispatch that
	// waited for a combine).
	StageDependency = "dependency"
)

// Defaults of the deployment assumptions (each is a CLI flag).
const (
	// DefaultNICEfficiency is the fraction of a NIC's line rate that all-to-all traffic
	// reaches: DeepEP measured about 40 GB/s on a 400 Gb/s (50 GB/s) NIC, 0.8.
	DefaultNICEfficiency = 0.8
	// DefaultMessageLatencySeconds is the fixed time of one message exchange (one direction,
	// one layer, one micro-batch) over the NICs in calibrated times: an RDMA round trip plus
	// a kernel launch, 10 µs.
	DefaultMessageLatencySeconds = 10e-6
	// DefaultScaleGroup is the number of FP8 elements that share one FP32 scale in the
	// dispatch (DeepSeek-style 1×128 blocks): 4 bytes per 128 elements on top of H bytes.
	DefaultScaleGroup = 128
	// DefaultMemoryUsableFraction is the fraction of a GPU's memory that weights and KV cache
	// may fill; the rest is left to activations, communication buffers and the runtime.
	DefaultMemoryUsableFraction = 0.9
	// DefaultAFDMicroBatches is AFD's pipeline depth m: attention, FFN, communication.
	DefaultAFDMicroBatches = 3
	// DefaultEPMicroBatches is EP's m: two micro-batches overlap communication with compute.
	DefaultEPMicroBatches = 2
	// DefaultGPUsPerInstance is the GPUs of one AFD instance: one node,
	// hardware.DefaultGPUsPerNode (8).
	DefaultGPUsPerInstance = hardware.DefaultGPUsPerNode
	// DefaultTPOTSLASeconds is the time-per-output-token target of a search, 50 ms.
	DefaultTPOTSLASeconds = 0.050
	// DefaultScaleUpEfficiency is the fraction of NVLink's line rate all-to-all traffic
	// inside a node reaches in calibrated times: DeepEP's normal kernels measured 153 GB/s
	// over H800's 200 GB/s per direction on EP8 (intranode), 0.77.
	DefaultScaleUpEfficiency = 0.77
)

// Network are the assumptions about the scale-out network.
type Network struct {
	// NICBitsPerSecond, when positive, replaces every card's NIC line rate per GPU, in
	// bit/s; 0 keeps the cards' own (hardware.Accelerator.NICBitsPerSecond).
	NICBitsPerSecond float64 `json:"nic_bits_per_second,omitempty"`
	// Efficiency is the achieved fraction (0 < e ≤ 1) of the line rate in calibrated times;
	// ideal times use the line rate.
	Efficiency float64 `json:"efficiency"`
	// MessageLatencySeconds is the fixed time added to each message exchange (one
	// direction, one layer, one micro-batch) in calibrated times, in seconds; ideal times
	// leave it out.
	MessageLatencySeconds float64 `json:"message_latency_seconds"`
	// ScaleGroup is the number of FP8 dispatch elements per FP32 scale; 0 sends no scales.
	ScaleGroup int `json:"scale_group"`
}

// DefaultNetwork returns the documented defaults: 0.8 of line rate, 10 µs per message,
// one FP32 scale per 128 FP8 elements, the cards' own NICs.
func DefaultNetwork() Network {
	return Network{Efficiency: DefaultNICEfficiency, MessageLatencySeconds: DefaultMessageLatencySeconds, ScaleGroup: DefaultScaleGroup}
}

// Validate reports the first unusable field.
func (n Network) Validate() error {
	switch {
	case math.IsNaN(n.NICBitsPerSecond) || math.IsInf(n.NICBitsPerSecond, 0) || n.NICBitsPerSecond < 0 || n.NICBitsPerSecond > hardware.MaxNICBitsPerSecond:
		return fmt.Errorf("network: nic bandwidth must be 0 (the card's) or positive up to %.3g Gbit/s, got %.3g Gbit/s", hardware.MaxNICBitsPerSecond/1e9, n.NICBitsPerSecond/1e9)
	case math.IsNaN(n.Efficiency) || !(n.Efficiency > 0 && n.Efficiency <= 1):
		return fmt.Errorf("network: nic efficiency must be in (0, 1], got %v", n.Efficiency)
	case math.IsNaN(n.MessageLatencySeconds) || math.IsInf(n.MessageLatencySeconds, 0) || n.MessageLatencySeconds < 0 || n.MessageLatencySeconds > 1:
		return fmt.Errorf("network: message latency must be between 0 and 1 s, got %v", n.MessageLatencySeconds)
	case n.ScaleGroup < 0:
		return fmt.Errorf("network: scale group must be 0 (no scales) or positive, got %d", n.ScaleGroup)
	}
	return nil
}

// nicBytesPerSecond is the line rate of one GPU's NIC on hw in bytes/s.
func (n Network) nicBytesPerSecond(hw hardware.Accelerator) (float64, error) {
	bits := hw.NICBitsPerSecond
	if n.NICBitsPerSecond > 0 {
		bits = n.NICBitsPerSecond
	}
	if bits <= 0 {
		return 0, fmt.Errorf("hardware %s has no scale-out NIC; give a NIC bandwidth", hw.ID)
	}
	return bits / 8, nil
}

// DispatchBytesPerToken is what one token's hidden state weighs on its way to the experts in
// FP8: H bytes plus one FP32 scale per ScaleGroup elements, H + 4·⌈H/ScaleGroup⌉
// (MessageBytesPerToken in FP8).
func (n Network) DispatchBytesPerToken(hidden int) float64 {
	return n.MessageBytesPerToken(hidden, precision.FP8)
}

// CombineBytesPerToken is what one token's FFN output weighs on its way back: 2·H bytes in
// BF16 (MessageBytesPerToken in BF16, which carries no scales).
func CombineBytesPerToken(hidden int) float64 {
	return Network{}.MessageBytesPerToken(hidden, precision.BF16)
}

// Assumptions are what a deployment evaluation assumes beyond its plan.
type Assumptions struct {
	// Profile gives the calibrated kernel times of ops no kernel table covers
	// (hardware.DefaultProfile for the built-in H200 fit); ideal times are always at 100% of
	// peak. Under hardware.Ideal() every calibrated time is ideal, tables unused.
	Profile hardware.Profile `json:"profile"`
	// Tables are the measured kernel tables of the card (AFD: the attention card); nil takes
	// the card's built-in ones (kernels.ForCard, none for most cards); kernels.NewSet(card)
	// with no table prices everything from the profile.
	Tables *kernels.Set `json:"-"`
	// Network is the scale-out network.
	Network Network `json:"network"`
	// ScaleUpEfficiency is the achieved fraction (0 < e ≤ 1) of NVLink's line rate in
	// calibrated times (DefaultScaleUpEfficiency); 0 means 1.
	ScaleUpEfficiency float64 `json:"scale_up_efficiency"`
	// MinKernelSeconds is the least time one small elementwise kernel takes in calibrated
	// times, in seconds (DefaultMinKernelSeconds); 0: none.
	MinKernelSeconds float64 `json:"min_kernel_seconds"`
	// MemoryUsableFraction is the fraction (0 < f ≤ 1) of each GPU's memory that weights and
	// KV cache may fill.
	MemoryUsableFraction float64 `json:"memory_usable_fraction"`
}

// DefaultAssumptions are the built-in calibrated profile, the cards' built-in tables,
// DefaultNetwork, DefaultScaleUpEfficiency, DefaultMinKernelSeconds and 0.9 of memory.
func DefaultAssumptions() Assumptions {
	return Assumptions{Profile: hardware.DefaultProfile(), Network: DefaultNetwork(), ScaleUpEfficiency: DefaultScaleUpEfficiency,
		MinKernelSeconds: DefaultMinKernelSeconds, MemoryUsableFraction: DefaultMemoryUsableFraction}
}

// Validate reports the first unusable assumption.
func (a Assumptions) Validate() error {
	if err := a.Profile.Validate(); err != nil {
		return err
	}
	if err := a.Network.Validate(); err != nil {
		return err
	}
	if f := a.MemoryUsableFraction; math.IsNaN(f) || !(f > 0 && f <= 1) {
		return fmt.Errorf("usable memory fraction must be in (0, 1], got %v", f)
	}
	if f := a.ScaleUpEfficiency; math.IsNaN(f) || f < 0 || f > 1 {
		return fmt.Errorf("scale-up efficiency must be in (0, 1] (0: 1), got %v", f)
	}
	if k := a.MinKernelSeconds; math.IsNaN(k) || k < 0 || k > 1e-3 {
		return fmt.Errorf("minimum kernel time must be between 0 and 1 ms, got %v", k)
	}
	return nil
}

// StageSeconds is a time, ideal (roofline at 100% of peak and bandwidth, network at line
// rate without latency) and calibrated (profile fractions and kernel overheads, network
// efficiency and per-message latency), in seconds.
type StageSeconds struct {
	Ideal      float64 `json:"ideal"`
	Calibrated float64 `json:"calibrated"`
}

// Figures is a pair of figures derived from ideal and calibrated times, in the unit the
// field holding it names: DeployResult's Throughput and TGS (tokens per second) and
// USDPerMTok (USD per 10^6 tokens). Not seconds, so not a StageSeconds.
type Figures struct {
	Ideal      float64 `json:"ideal"`
	Calibrated float64 `json:"calibrated"`
}

func (s StageSeconds) add(t StageSeconds) StageSeconds {
	return StageSeconds{s.Ideal + t.Ideal, s.Calibrated + t.Calibrated}
}

func (s StageSeconds) scale(f float64) StageSeconds {
	return StageSeconds{s.Ideal * f, s.Calibrated * f}
}

// DeployLayer is one layer kind's period: its phases per micro-batch and the schedule's
// steady-state period for all micro-batches.
type DeployLayer struct {
	// Kind names the layer kind (model.LayerKind.Name; "mtp:<kind>" for the MTP layers);
	// Layers is how many layers of it one pass runs, Passes how many passes a step makes (1;
	// MTP layers: the draft passes at this query length), TokensPerSequence the tokens each
	// sequence runs through it per pass (1 + K for the model's layers).
	Kind              string `json:"kind"`
	Layers            int    `json:"layers"`
	Passes            int    `json:"passes"`
	TokensPerSequence int    `json:"tokens_per_sequence"`
	// Attention is t_A, the attention phases (prepare + core, router included) of one
	// micro-batch on one attention GPU.
	Attention StageSeconds `json:"attention_seconds"`
	// FFN is t_F: routed experts (on the busiest GPU, calibrated) and shared experts (or a
	// dense FFN) of one micro-batch on one FFN GPU.
	FFN StageSeconds `json:"ffn_seconds"`
	// Dispatch and Combine are the two directions of the expert all-to-all of one
	// micro-batch; Communication is their sum.
	Dispatch      StageSeconds `json:"dispatch_seconds"`
	Combine       StageSeconds `json:"combine_seconds"`
	Communication StageSeconds `json:"communication_seconds"`
	// Phases are the durations of the schedule's phases for one micro-batch, by phase name
	// order (Phase): attention_prepare, attention_core, dispatch, experts, shared, combine.
	Phases [numPhases]StageSeconds `json:"phase_seconds"`
	// Imbalance is the busiest FFN GPU's expert load over the mean in calibrated times (1 for
	// a dense layer).
	Imbalance float64 `json:"imbalance"`
	// Period is the time one layer of this kind takes for all m micro-batches in steady state
	// under the schedule (Schedule.Period).
	Period StageSeconds `json:"period_seconds"`
	// BindingStage and BindingStageIdeal name what sets Period, calibrated and ideal: the
	// resource busy for the whole period (attention, ffn or communication for AFD; compute or
	// communication for EP) or dependency.
	BindingStage      string `json:"binding_stage"`
	BindingStageIdeal string `json:"binding_stage_ideal"`
	// Timeline is the calibrated steady-state period, stage by stage (with Serving.Breakdown).
	Timeline []TimelineStage `json:"timeline,omitempty"`
}

// BreakdownOp is one op of a decode step as a breakdown lists it (issue 12 item 9).
type BreakdownOp struct {
	// Stage is where the op runs: a layer kind ("mla/moe", "mtp:mla/moe") or "step" for the
	// per-step ops (embedding, LM head, sampling) and "mtp" for the MTP module's own.
	Stage string `json:"stage"`
	// Phase is the schedule phase (attention_prepare, …; dispatch and combine for the
	// network), "" for per-step ops.
	Phase string `json:"phase,omitempty"`
	// Op names the op (qkv_proj, attention_core, routed_gate_up, rmsnorm, …).
	Op string `json:"op"`
	// Count is how many times a step runs it: layers × passes × micro-batches.
	Count int `json:"count"`
	// Tokens is the op's token count per run (pairs for routed experts, busiest GPU).
	Tokens float64 `json:"tokens"`
	// FLOPs and Bytes are per run (calibrated token count).
	FLOPs float64 `json:"flops"`
	Bytes float64 `json:"bytes"`
	// IdealSeconds and CalibratedSeconds are per run, in seconds.
	IdealSeconds      float64 `json:"ideal_seconds"`
	CalibratedSeconds float64 `json:"calibrated_seconds"`
	// Basis is what the calibrated time was priced from: "table:<id>", "profile:<name>" or
	// "ideal".
	Basis string `json:"basis"`
	// Bound is the roof that binds: compute or memory (ideal roofline), kernel-minimum, nic,
	// nvlink.
	Bound hardware.Bound `json:"bound"`
}

// DeployResult is one evaluated deployment plan, AFD or EP.
type DeployResult struct {
	// Mode is ModeAFD or ModeEP.
	Mode string `json:"mode"`
	// Model is the model's id; Context is C, the tokens cached per sequence.
	Model   string `json:"model"`
	Context int    `json:"context"`
	// AttentionHardware and FFNHardware are the card ids of the two pools (the same card
	// for EP).
	AttentionHardware string `json:"attention_hardware"`
	FFNHardware       string `json:"ffn_hardware"`
	// AttentionInstances x, FFNInstances y and GPUsPerInstance g of AFD ("xAyF"); 0 for EP.
	AttentionInstances int `json:"attention_instances,omitempty"`
	FFNInstances       int `json:"ffn_instances,omitempty"`
	GPUsPerInstance    int `json:"gpus_per_instance,omitempty"`
	// GPUs is every GPU of the deployment: x·g + y·g for AFD, G for EP.
	GPUs int `json:"gpus"`
	// TotalBatch is N, the sequences in flight over the whole deployment.
	TotalBatch float64 `json:"total_batch"`
	// MicroBatches is m.
	MicroBatches int `json:"micro_batches"`
	// SequencesPerAttentionGPU is b, the sequences one attention GPU decodes per
	// micro-batch: N/(m·x·g) for AFD, N/(m·G) for EP.
	SequencesPerAttentionGPU float64 `json:"sequences_per_attention_gpu"`
	// FFNTokens is the tokens of one micro-batch the FFN pool processes per layer:
	// N/m × (1 + K).
	FFNTokens float64 `json:"ffn_tokens"`
	// MTP is the multi-token prediction; TokensPerStep is 1 + K per sequence and
	// CreditedTokensPerStep the expected accepted tokens per sequence and step.
	MTP                   MTP     `json:"mtp"`
	TokensPerStep         int     `json:"tokens_per_step"`
	CreditedTokensPerStep float64 `json:"credited_tokens_per_step"`
	// Schedule is the overlap schedule's name.
	Schedule string `json:"schedule"`
	// Imbalance describes the expert-load assumption ("uniform", "none", a ratio, a
	// histogram) and ImbalanceFactor the busiest GPU's load over the mean it gives on the
	// dominant layer kind (calibrated); RedundantExperts the extra replicas.
	Imbalance        string  `json:"imbalance"`
	ImbalanceFactor  float64 `json:"imbalance_factor"`
	RedundantExperts int     `json:"redundant_experts,omitempty"`
	// Precision is the serving format of each op class (resolved: empty fields take the
	// model's formats).
	Precision ServingPrecision `json:"precision"`
	// Layers lists each layer kind's period, in model order, then the MTP layers.
	Layers []DeployLayer `json:"layers"`
	// DominantKind is the layer kind that contributes most to the calibrated step; Stages
	// repeats its stage times, and BindingStage (calibrated) and BindingStageIdeal its
	// binding stages.
	DominantKind      string `json:"dominant_kind"`
	BindingStage      string `json:"binding_stage"`
	BindingStageIdeal string `json:"binding_stage_ideal"`
	// LayersTime is the model's layers per step (Σ layers × period); MTPTime the MTP draft
	// passes (their layers and their own ops); StepOpsTime the per-step ops (embedding,
	// final norm, LM head, sampling); StepOverheadSeconds the fixed per-step overhead
	// (calibrated only); StepTime their sum, one decode step.
	LayersTime          StageSeconds `json:"layers_seconds"`
	MTPTime             StageSeconds `json:"mtp_seconds"`
	StepOpsTime         StageSeconds `json:"step_ops_seconds"`
	StepOverheadSeconds float64      `json:"step_overhead_seconds"`
	StepTime            StageSeconds `json:"step_seconds"`
	// TPOT is the time per output token in seconds: StepTime / CreditedTokensPerStep.
	TPOT StageSeconds `json:"tpot_seconds"`
	// Throughput is N × CreditedTokensPerStep / StepTime in tokens per second over the
	// deployment.
	Throughput Figures `json:"throughput_tokens_per_second"`
	// TGS is Throughput / GPUs, tokens per GPU per second.
	TGS Figures `json:"tgs"`
	// USDPerMTok is the deployment's price per 10^6 generated tokens, from the cards'
	// hourly prices; zero when a card has no price.
	USDPerMTok Figures `json:"usd_per_mtok"`
	// AttentionGPUMemoryBytes is what one attention GPU holds (EP: one GPU, its experts
	// included): attention weights, routers, embedding and LM head, MTP layers when used, and
	// the KV cache of its sequences; FFNGPUMemoryBytes what one FFN GPU holds (EP: 0).
	AttentionGPUMemoryBytes float64 `json:"attention_gpu_memory_bytes"`
	FFNGPUMemoryBytes       float64 `json:"ffn_gpu_memory_bytes"`
	// AttentionGPUUsableBytes and FFNGPUUsableBytes are the cards' memory × the usable
	// fraction.
	AttentionGPUUsableBytes float64 `json:"attention_gpu_usable_bytes"`
	FFNGPUUsableBytes       float64 `json:"ffn_gpu_usable_bytes"`
	// Fits says every GPU's share fits its usable memory.
	Fits bool `json:"fits"`
	// Breakdown lists every op of the step (with Serving.Breakdown): per layer kind and
	// phase, then the per-step ops.
	Breakdown []BreakdownOp `json:"breakdown,omitempty"`
}

// Family names the plan's family for plots and frontiers: "2A2F" for AFD, "EP128" for EP.
func (r DeployResult) Family() string {
	if r.Mode == ModeEP {
		return fmt.Sprintf("EP%d", r.GPUs)
	}
	return fmt.Sprintf("%dA%dF", r.AttentionInstances, r.FFNInstances)
}

// Stages returns the dominant layer kind's pipeline.
func (r DeployResult) Stages() DeployLayer {
	for _, l := range r.Layers {
		if l.Kind == r.DominantKind {
			return l
		}
	}
	return DeployLayer{}
}

// finishPrice fills USDPerMTok from the deployment's hourly price.
func (r *DeployResult) finishPrice(priceUSDPerHour float64) {
	if priceUSDPerHour > 0 {
		// USD per second of the deployment ÷ tokens per second × 10^6 tokens.
		r.USDPerMTok = Figures{
			priceUSDPerHour / 3600 / r.Throughput.Ideal * MTok,
			priceUSDPerHour / 3600 / r.Throughput.Calibrated * MTok,
		}
	}
}

// attentionKinds returns a copy of kinds with the KV cache in kv and the
// attention computing in compute ("" keeps the model's); the FFN kinds are m's own.
func attentionKinds(kinds []model.LayerKind, kv, compute precision.Format) ([]model.LayerKind, error) {
	for _, f := range []struct {
		name string
		v    precision.Format
	}{{"attention kv", kv}, {"attention compute", compute}} {
		if f.v != "" && !f.v.Valid() {
			return nil, fmt.Errorf("%s: unknown format %q", f.name, f.v)
		}
	}
	out := make([]model.LayerKind, len(kinds))
	for i, k := range kinds {
		out[i] = k
		out[i].Layer.Precision = model.PrecisionOverride{Cache: kv, Compute: compute}.Apply(k.Layer.Precision)
	}
	return out, nil
}

// checkContext rejects a context that is not positive.
func checkContext(c int) error {
	if c <= 0 {
		return fmt.Errorf("context must be a positive number of tokens, got %d", c)
	}
	return nil
}
