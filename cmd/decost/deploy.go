package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
	"github.com/decost/decost/internal/duration"
	"github.com/decost/decost/internal/flagrule"
	"github.com/decost/decost/internal/report"
	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
	"github.com/decost/decost/render"
	"github.com/spf13/cobra"
)

// deployLong is the help of 'decost deploy'.
const deployLong = `deploy simulates a decoding cluster in steady state (docs/design.md §deploy), from the
per-GPU op times of 'decost roofline', ideal and calibrated.

AFD (--mode afd): x attention instances and y FFN instances ("xAyF") of g GPUs each; N sequences
in flight in m micro-batches, each sequence running 1 + K tokens per step (MTP). Per layer and
micro-batch, every op of the step (norms, projections, RoPE, KV store, attention core, router,
top-k, quantisation, experts, SiLU·mul, …) priced from the card's kernel tables, else its profile:
  t_A  attention of b = N/(m·x·g) sequences on one attention GPU (data-parallel attention)
  t_F  FFN on one FFN GPU: MoE experts spread over all y·g FFN GPUs (EP), the busiest GPU's
       load (imbalance); dense FFN layers tensor-parallel within one FFN instance
  t_D, t_C  dispatch and combine: each token to every FFN instance holding one of its experts,
       over both sides' NICs and NVLink inside the instance (full duplex); a dense layer's to
       one instance, all-gathered over its NVLink for the tensor-parallel FFN
  period (afd-pipeline) = max(m·max(t_A, t_D, t_F, t_C), the round trip t_A + t_D + t_F + t_C)
EP (--mode ep): G GPUs, each with data-parallel attention for its own sequences, E/G routed
experts and the shared experts; the all-to-all sends 1/G of the pairs nowhere, (node − 1)/G over
NVLink and the rest over the NIC (DeepEP tables where the card has them); dense layers run whole
on every GPU. The period comes from the schedule: deepseek-5stage for m = 2 (dispatch hidden
under the other micro-batch's shared experts and first attention part, combine under its second
attention part, as far as the stage graph allows), none for m = 1 (everything in series).
A step is Σ layers × period + the MTP draft passes + the per-step ops (embedding, final norm,
LM head, sampling) + the step overhead; TPOT = step / credited tokens (1 + p + … + p^K);
TGS = N × credited tokens / step / GPUs.

Memory: an attention GPU holds the attention weights of every layer, the routers, the
embedding and LM head (BF16) and the KV cache of its N/(x·g) sequences; an FFN GPU ⌈E/(y·g)⌉
routed experts and the shared experts of each MoE layer and 1/g of each dense FFN. Each must
fit --memory-usable of the card's memory.

Leave --attention-instances, --ffn-instances or --batch (EP: --gpus, --batch) unset to search:
x, y in 1…--max-instances, N = b·m·x·g for b in 1…8, 10, 12, 14, 16, 20, … ≤ --max-batch per
attention GPU and micro-batch. The plan with the highest TGS whose TPOT meets --tpot and whose
memory fits wins (on --basis times); --frontier lists the Pareto frontier of TGS against TPOT
over every plan that fits, and --plot draws it.

Serving options, each with its default: --mtp K draft tokens per step (0), credited 1 + p + … + p^K
tokens per sequence and step with --mtp-accept p (no default: give it with --mtp); --serving-precision
model (the model's own formats, FP8 dispatch, BF16 combine and LM head; or deepseek, fp8-gemm, bf16)
with --op-precision OP=FORMAT over it; --schedule: the mode's (EP deepseek-5stage, none for
--micro-batches 1; AFD afd-pipeline); --imbalance uniform (the expected busiest GPU under uniform
random routing; none, a max/mean ratio or a per-expert histogram file); --redundant-experts 0;
--step-overhead 0 (a fixed time per calibrated step, printed on its own). --breakdown adds the
schedule's timeline and every op of the step with its time, basis and binding roof (CSV: the op
list; JSON: breakdown and timeline fields).

ideal: roofline at 100% of peak and bandwidth, NIC and NVLink at line rate, no latency,
balanced expert load; calibrated: measured kernel tables where the card has them (H800, H20;
H100 borrows H800's), else the profile's kernel efficiency and overhead, small ops at least
--min-kernel-time; NIC at --nic-efficiency of line rate plus --message-latency per message
(one direction, one layer, one micro-batch), NVLink at --scale-up-efficiency; the busiest
expert GPU's load. Each assumption's default is in its flag's help, and the caption prints
the values used.`

func newDeployCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "deploy",
		Short: "Deployment simulation: AFD (attention–FFN disaggregation) or EP under a TPOT SLA",
		Long:  deployLong,
		Example: `  decost deploy --mode afd --model step3 --attention-hardware h800 --ffn-hardware h800 --context 4096
  decost deploy --mode afd --model step3 --attention-instances 2 --ffn-instances 2 --batch 3072
  decost deploy --mode afd --model step3 --attention-hardware h20 --ffn-hardware h800 --frontier --plot afd.png
  decost deploy --mode ep --model deepseek-v3 --hardware h800 --gpus 128 --context 4096
  decost deploy --mode ep --model deepseek-v3 --hardware h800 --gpus 128 --batch 128 --mtp 1 --mtp-accept 0.6 --breakdown
  decost deploy --mode ep --model qwen3-30b-a3b --hardware h20 --gpus 4 --batch 100 --context 5120 --serving-precision bf16 --schedule none`,
		Args: cobra.NoArgs,
	}
	d := addDeployFlags(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := d.format()
		if err != nil {
			return err
		}
		out, err := d.run(cmd)
		if err != nil {
			return err
		}
		if d.plot != "" {
			if err := savePlot(cmd, d.plot)(out.Plot()); err != nil {
				return err
			}
		}
		return emit(cmd, func(w io.Writer) error { return out.Write(w, f) })
	}
	return cmd
}

// deployFlags are the flags of 'decost deploy'.
type deployFlags struct {
	mode, model, context             string
	tpot                             time.Duration
	attnHW, ffnHW, hw                string
	attnInst, ffnInst, perInst, gpus int
	batch, micro                     int
	attnKV, attnCompute              string
	nic, nicEff, memUsable           float64
	scaleUpEff                       float64
	latency, minKernel               time.Duration
	scaleGroup                       int
	profile, basis                   string
	maxInst, maxBatch                int
	frontier                         bool
	plot                             string
	prices                           *[]string
	format                           func() (render.Format, error)
	serving                          *servingFlags
}

// addDeployFlags adds the flags of 'decost deploy' to cmd; their values land in the result.
func addDeployFlags(cmd *cobra.Command) *deployFlags {
	d := &deployFlags{}
	fl := cmd.Flags()
	fl.StringVar(&d.mode, "mode", "afd", "afd (attention–FFN disaggregation) or ep (expert parallelism)")
	fl.StringVar(&d.model, "model", "step3", "model id (see 'decost models') or path to a Hugging Face config.json (or its directory)")
	fl.StringVar(&d.context, "context", "4096", "context C in tokens per sequence; 4k = 4096")
	fl.Var(duration.NewValue(&d.tpot, duration.Seconds(cost.DefaultTPOTSLASeconds), tpotRange), "tpot", "TPOT SLA of a search, with its unit (50ms, 0.05s)")
	fl.StringVar(&d.attnHW, "attention-hardware", "h800", "AFD: card of the attention instances")
	fl.StringVar(&d.ffnHW, "ffn-hardware", "h800", "AFD: card of the FFN instances")
	fl.IntVar(&d.attnInst, "attention-instances", 0, "AFD: attention instances x (0: search 1…--max-instances)")
	fl.IntVar(&d.ffnInst, "ffn-instances", 0, "AFD: FFN instances y (0: search, keeping y·g within the routed experts)")
	fl.IntVar(&d.perInst, "gpus-per-instance", cost.DefaultGPUsPerInstance, "AFD: GPUs g of one instance")
	fl.StringVar(&d.hw, "hardware", "h800", "EP: card of every GPU")
	fl.IntVar(&d.gpus, "gpus", 0, fmt.Sprintf("EP: GPUs G (0: search 8, 16, 32, … ≤ %d and ≤ the routed experts)", cost.DefaultMaxEPGPUs))
	fl.IntVar(&d.batch, "batch", 0, "sequences in flight: AFD N over the whole deployment, EP per GPU (0: search)")
	fl.IntVar(&d.micro, "micro-batches", 0, fmt.Sprintf("micro-batches m (0: %d for AFD — attention, FFN, communication in a pipeline, 4+ splits dispatch and combine; %d for EP — communication overlaps compute, 1: no overlap)",
		cost.DefaultAFDMicroBatches, cost.DefaultEPMicroBatches))
	fl.StringVar(&d.attnKV, "attention-kv", "", "KV cache format, overriding the model's: "+flagrule.FormatList(flagrule.KVFormats()))
	fl.StringVar(&d.attnCompute, "attention-compute", "", "format the attention block computes in, overriding the model's: fp8 or bf16")
	fl.Float64Var(&d.nic, "nic", 0, "NIC line rate per GPU in Gbit/s, replacing the cards' (0: the cards', e.g. 400 on H800)")
	fl.Float64Var(&d.nicEff, "nic-efficiency", cost.DefaultNICEfficiency, "achieved fraction of NIC line rate in calibrated times (DeepEP: ~40 GB/s on a 400 Gb/s NIC)")
	fl.Var(duration.NewValue(&d.latency, duration.Seconds(cost.DefaultMessageLatencySeconds), duration.Range{Max: time.Second}),
		"message-latency", "fixed time per message (one direction, one layer, one micro-batch) in calibrated times, with its unit (10us)")
	fl.Float64Var(&d.scaleUpEff, "scale-up-efficiency", cost.DefaultScaleUpEfficiency, "achieved fraction of NVLink's line rate in calibrated times (DeepEP intranode on H800: 153 of 200 GB/s; 0: line rate)")
	fl.Var(duration.NewValue(&d.minKernel, duration.Seconds(cost.DefaultMinKernelSeconds), duration.Range{Max: time.Millisecond}),
		"min-kernel-time", "least time of one small kernel (norm, RoPE, quantisation, top-k, …) in calibrated times, with its unit (3.7us; 0: none)")
	fl.IntVar(&d.scaleGroup, "scale-group", cost.DefaultScaleGroup, "FP8 dispatch elements per FP32 scale (0: no scales)")
	fl.Float64Var(&d.memUsable, "memory-usable", cost.DefaultMemoryUsableFraction, "fraction of each GPU's memory weights and KV cache may fill (the rest: activations, buffers, runtime)")
	fl.StringVar(&d.profile, "profile", "calibrated", "calibrated (a --hardware-file's profile for the card, else the built-in H200 fit), ideal, or a YAML profile file (refused for a card whose --hardware-file gives a profile)")
	fl.StringVar(&d.basis, "basis", "calibrated", "times a search holds to the SLA and ranks by: calibrated or ideal")
	fl.IntVar(&d.maxInst, "max-instances", cost.DefaultMaxInstances, "AFD search: largest x and y tried")
	fl.IntVar(&d.maxBatch, "max-batch", cost.DefaultMaxSequencesPerGPU, "search: largest sequences per attention GPU and micro-batch tried")
	fl.BoolVar(&d.frontier, "frontier", false, "search: also list the Pareto frontier of TGS against TPOT")
	d.serving = addServingFlags(cmd)
	d.prices = flagrule.PriceFlag(cmd)
	fl.StringVar(&d.plot, "plot", "", "search: draw the frontier (TPOT on x, TGS on y, one series per plan family) to this .png or .svg file")
	d.format = flagrule.FormatFlag(cmd)
	return d
}

// deployModeFlags name cost's mode-specific deployment settings as flags.
var deployModeFlags = map[cost.DeploySetting]string{
	cost.AttentionHardwareSetting: "attention-hardware", cost.FFNHardwareSetting: "ffn-hardware",
	cost.AttentionInstancesSetting: "attention-instances", cost.FFNInstancesSetting: "ffn-instances",
	cost.GPUsPerInstanceSetting: "gpus-per-instance", cost.MaxInstancesSetting: "max-instances",
	cost.HardwareSetting: "hardware", cost.GPUsSetting: "gpus",
}

// checkMode refuses flags of the other mode (cost.DeploySetting.Mode); afd says the mode is
// AFD.
func (d *deployFlags) checkMode(cmd *cobra.Command) (afd bool, err error) {
	if d.mode != cost.ModeAFD && d.mode != cost.ModeEP {
		return false, fmt.Errorf("--mode %q: want afd or ep", d.mode)
	}
	other := cost.ModeEP
	if d.mode == cost.ModeEP {
		other = cost.ModeAFD
	}
	for _, s := range cost.ModeSettings(other) {
		if name := deployModeFlags[s]; cmd.Flags().Changed(name) {
			var takes []string
			for _, t := range cost.ModeSettings(d.mode) {
				takes = append(takes, "--"+deployModeFlags[t])
			}
			return false, fmt.Errorf("--%s is for --mode %s; %s takes %s", name, other, strings.ToUpper(d.mode), strings.Join(takes, ", "))
		}
	}
	return d.mode == cost.ModeAFD, nil
}

// deployRun is what every plan of a deploy run shares, read from the flags.
type deployRun struct {
	m           *model.Model
	context     int
	slaSeconds  float64
	kv, compute precision.Format
	basis       cost.Basis
	as          cost.Assumptions
	cat         *hardware.Catalogue
	serving     cost.Serving
}

// run evaluates the plan the flags fix, or searches for the best one.
func (d *deployFlags) run(cmd *cobra.Command) (report.Deploy, error) {
	afd, err := d.checkMode(cmd)
	if err != nil {
		return report.Deploy{}, err
	}
	r, err := d.common(cmd, afd)
	if err != nil {
		return report.Deploy{}, err
	}
	out := report.Deploy{SLASeconds: r.slaSeconds, Basis: r.basis, Assumptions: r.as, Model: r.m}
	if afd {
		err = d.afd(cmd, r, &out)
	} else {
		err = d.ep(cmd, r, &out)
	}
	if err != nil {
		return report.Deploy{}, err
	}
	if !out.Fixed && !out.Search.Found {
		return report.Deploy{}, report.NoPlanError(out.Search, r.slaSeconds, r.basis)
	}
	for _, f := range []string{"frontier", "plot", "max-batch", "max-instances"} { // a fixed plan would ignore them
		if out.Fixed && cmd.Flags().Changed(f) {
			return report.Deploy{}, fmt.Errorf("--%s needs a search (--frontier, --plot, --max-batch and --max-instances do): leave --batch or an instance/GPU count unset", f)
		}
	}
	out.ShowFrontier = d.frontier
	return out, nil
}

// common reads the flags both modes take, in the order their errors are reported.
func (d *deployFlags) common(cmd *cobra.Command, afd bool) (deployRun, error) {
	var r deployRun
	var err error
	if r.m, r.context, err = flagrule.OneModelAt(cmd, d.model, d.context); err != nil {
		return r, err
	}
	r.slaSeconds = d.tpot.Seconds()
	if r.kv, err = flagrule.OptionalFormat("--attention-kv", d.attnKV, flagrule.KVFormats()...); err != nil {
		return r, err
	}
	if r.compute, err = flagrule.OptionalFormat("--attention-compute", d.attnCompute, flagrule.ComputeFormats()...); err != nil {
		return r, err
	}
	if r.basis, err = cost.ParseBasis(d.basis); err != nil {
		return r, fmt.Errorf("--basis: %w", err)
	}
	// The profile of the attention card (AFD) or of the card (EP); AFD's FFN card gets its own below.
	profCard := d.attnHW
	if !afd {
		profCard = d.hw
	}
	prof, err := flagrule.ParseProfile(cmd, d.profile, profCard)
	if err != nil {
		return r, err
	}
	// Each assumption flag in turn over the defaults, so that an error names its flag.
	r.as = cost.DefaultAssumptions()
	r.as.Profile = prof
	for _, set := range []struct {
		flag string
		set  func(a *cost.Assumptions)
	}{
		{"--nic", func(a *cost.Assumptions) { a.Network.NICBitsPerSecond = d.nic * 1e9 }},
		{"--nic-efficiency", func(a *cost.Assumptions) { a.Network.Efficiency = d.nicEff }},
		{"--message-latency", func(a *cost.Assumptions) { a.Network.MessageLatencySeconds = d.latency.Seconds() }},
		{"--scale-group", func(a *cost.Assumptions) { a.Network.ScaleGroup = d.scaleGroup }},
		{"--scale-up-efficiency", func(a *cost.Assumptions) { a.ScaleUpEfficiency = d.scaleUpEff }},
		{"--min-kernel-time", func(a *cost.Assumptions) { a.MinKernelSeconds = d.minKernel.Seconds() }},
		{"--memory-usable", func(a *cost.Assumptions) { a.MemoryUsableFraction = d.memUsable }},
	} {
		if set.set(&r.as); r.as.Validate() != nil {
			return r, fmt.Errorf("%s: %w", set.flag, r.as.Validate())
		}
	}
	if err := d.checkCounts(); err != nil {
		return r, err
	}
	if r.serving, err = d.serving.serving(r.kv, r.compute); err != nil {
		return r, err
	}
	r.cat, err = flagrule.ResolveCatalogue(cmd, *d.prices)
	return r, err
}

// checkCounts checks the instance, GPU, batch and search-bound flags.
func (d *deployFlags) checkCounts() error {
	for _, v := range []struct {
		name string
		n    int
	}{{"--attention-instances", d.attnInst}, {"--ffn-instances", d.ffnInst}, {"--gpus", d.gpus}, {"--batch", d.batch}, {"--micro-batches", d.micro}} {
		if v.n < 0 {
			return fmt.Errorf("%s %d: must be positive, or 0 for the default or a search", v.name, v.n)
		}
	}
	if d.batch > cost.MaxSequences {
		return fmt.Errorf("--batch %d: at most %d sequences", d.batch, cost.MaxSequences)
	}
	if d.perInst < 1 {
		return fmt.Errorf("--gpus-per-instance %d: must be at least 1", d.perInst)
	}
	if d.maxInst < 1 || d.maxInst > 64 || d.maxBatch < 1 || d.maxBatch > 1<<20 {
		return fmt.Errorf("--max-instances must be in 1…64 and --max-batch in 1…1048576, got %d and %d", d.maxInst, d.maxBatch)
	}
	return nil
}

// card looks up the card a --flag names.
func (r deployRun) card(flag, id string) (hardware.Accelerator, error) {
	a, err := r.cat.Get(strings.TrimSpace(id))
	if err != nil {
		return hardware.Accelerator{}, fmt.Errorf("--%s: %w", flag, err)
	}
	return a, nil
}

// afd evaluates the AFD plan the flags fix, or searches.
func (d *deployFlags) afd(cmd *cobra.Command, r deployRun, out *report.Deploy) error {
	a, err := r.card("attention-hardware", d.attnHW)
	if err != nil {
		return err
	}
	ff, err := r.card("ffn-hardware", d.ffnHW)
	if err != nil {
		return err
	}
	flagrule.WarnCompute(cmd, "--attention-compute", r.compute, a)
	mb := d.serving.microBatches(cost.ModeAFD, d.micro)
	ffnProf, err := flagrule.ParseProfile(cmd, d.profile, ff.ID)
	if err != nil {
		return err
	}
	plan := cost.AFDPlan{Context: r.context, AttentionHardware: a, FFNHardware: ff, AttentionInstances: d.attnInst,
		FFNInstances: d.ffnInst, GPUsPerInstance: d.perInst, Batch: d.batch, MicroBatches: mb,
		Assumptions: r.as, FFNProfile: &ffnProf, Serving: r.serving}
	out.Space = report.AFDSpace(d.attnInst, cost.InstanceCounts(d.maxInst),
		d.ffnInst, cost.InstanceCounts(max(cost.MaxFFNInstances(r.m, d.perInst, d.maxInst), 0)), d.batch, mb, d.perInst, d.maxBatch)
	out.Fixed = d.attnInst > 0 && d.ffnInst > 0 && d.batch > 0
	if out.Fixed {
		res, err := cost.EvaluateAFD(r.m, plan)
		out.Search = cost.DeploySearch{Best: res, Found: true}
		return err
	}
	out.Search, err = cost.SearchAFD(r.m, cost.AFDSearch{Plan: plan, MaxInstances: d.maxInst,
		MaxSequencesPerGPU: d.maxBatch, TPOTSLASeconds: r.slaSeconds, Basis: r.basis})
	return err
}

// ep evaluates the EP plan the flags fix, or searches.
func (d *deployFlags) ep(cmd *cobra.Command, r deployRun, out *report.Deploy) error {
	hw, err := r.card("hardware", d.hw)
	if err != nil {
		return err
	}
	flagrule.WarnCompute(cmd, "--attention-compute", r.compute, hw)
	mb := d.serving.microBatches(cost.ModeEP, d.micro)
	plan := cost.EPPlan{Context: r.context, Hardware: hw, GPUs: d.gpus, BatchPerGPU: d.batch, MicroBatches: mb,
		Assumptions: r.as, Serving: r.serving}
	out.Space = report.EPSpace(d.gpus, cost.EPGPUCounts(r.m, hw.GPUsPerNode, 0), mb, d.maxBatch)
	out.Fixed = d.gpus > 0 && d.batch > 0
	if out.Fixed {
		res, err := cost.EvaluateEP(r.m, plan)
		out.Search = cost.DeploySearch{Best: res, Found: true}
		return err
	}
	out.Search, err = cost.SearchEP(r.m, cost.EPSearch{Plan: plan, MaxSequencesPerGPU: d.maxBatch,
		TPOTSLASeconds: r.slaSeconds, Basis: r.basis})
	return err
}

// tpotRange is what --tpot accepts (deploy and sparsity): a time per output token from 1 µs
// to an hour.
var tpotRange = duration.Range{Min: time.Microsecond, Max: time.Hour}
