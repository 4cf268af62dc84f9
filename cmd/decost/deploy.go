package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
	"github.com/decost/decost/internal/report"
	"github.com/spf13/cobra"
)

func newDeployCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "deploy",
		Short: "Deployment simulation: AFD (attention–FFN disaggregation) or EP under a TPOT SLA",
		Long: `deploy simulates a decoding cluster in steady state (DESIGN §9), from the per-GPU op times of
'decost roofline', ideal and calibrated.

AFD (--mode afd): x attention instances and y FFN instances ("xAyF") of g GPUs each; N sequences
in flight in m micro-batches. Per layer and micro-batch:
  t_A  attention (projections, core, router) of b = N/(m·x·g) sequences on one attention GPU
       (data-parallel attention: a full copy of the attention weights on every GPU)
  t_F  FFN on one FFN GPU: MoE experts spread over all y·g FFN GPUs (EP), T = N/m tokens;
       dense FFN layers tensor-parallel within one FFN instance, T/y tokens each
  t_C  dispatch H bytes FP8 (+ one FP32 scale per --scale-group elements) per token to the FFN
       pool and combine 2·H bytes BF16 back, on the busiest NIC (attention or FFN side, each
       side's own NIC); m ≤ 3: one stage, dispatch + combine; m ≥ 4: max of the two
  TPOT = Σ over layers of m·max(t_A, t_F, t_C)   (= L·m·max for a model of one layer kind)
  TGS  = N / TPOT / (x·g + y·g)
EP (--mode ep): G GPUs, each with data-parallel attention for its own sequences, E/G routed
experts and the shared experts; dispatch and combine per token–expert pair for the share of
pairs that leaves the node (1 − 8/G; NVLink traffic is not charged); dense layers run whole on
every GPU. A layer takes m·max(t_A + t_F, t_C) with m ≥ 2 micro-batches overlapping (t_A + t_F +
t_C for m = 1). TGS = batch per GPU / TPOT.

Memory: an attention GPU holds the attention weights of every layer, the routers, the
embedding and LM head (BF16) and the KV cache of its N/(x·g) sequences; an FFN GPU ⌈E/(y·g)⌉
routed experts and the shared experts of each MoE layer and 1/g of each dense FFN. Each must
fit --memory-usable of the card's memory.

Leave --attention-instances, --ffn-instances or --batch (EP: --gpus, --batch) unset to search:
x, y in 1…--max-instances, N = b·m·x·g for b in 1…8, 10, 12, 14, 16, 20, … ≤ --max-batch per
attention GPU and micro-batch. The plan with the highest TGS whose TPOT meets --tpot and whose
memory fits wins (on --basis times); --frontier lists the Pareto frontier of TGS against TPOT
over every plan that fits, and --plot draws it.

ideal: roofline at 100% of peak and bandwidth, NIC at line rate, no latency; calibrated: the
profile's kernel efficiency and overhead, NIC at --nic-efficiency of line rate plus
--message-latency per message (one direction, one layer, one micro-batch).`,
		Example: `  decost deploy --mode afd --model step3 --attention-hardware h800 --ffn-hardware h800 --context 4096
  decost deploy --mode afd --model step3 --attention-instances 2 --ffn-instances 2 --batch 3072
  decost deploy --mode afd --model step3 --attention-hardware h20 --ffn-hardware h800 --frontier --plot afd.png
  decost deploy --mode ep --model deepseek-v3 --hardware h800 --gpus 128 --context 4096`,
		Args: cobra.NoArgs,
	}
	fl := cmd.Flags()
	mode := fl.String("mode", "afd", "afd (attention–FFN disaggregation) or ep (expert parallelism)")
	modelID := fl.String("model", "step3", "model id (see 'decost models') or path to a Hugging Face config.json (or its directory)")
	context := fl.String("context", "4096", "context C in tokens per sequence; 4k = 4096")
	tpot := fl.String("tpot", "50ms", "TPOT SLA of a search: a duration (50ms, 0.05s) or a number of ms")
	attnHW := fl.String("attention-hardware", "h800", "AFD: card of the attention instances")
	ffnHW := fl.String("ffn-hardware", "h800", "AFD: card of the FFN instances")
	attnInst := fl.Int("attention-instances", 0, "AFD: attention instances x (0: search 1…--max-instances)")
	ffnInst := fl.Int("ffn-instances", 0, "AFD: FFN instances y (0: search, keeping y·g within the routed experts)")
	perInst := fl.Int("gpus-per-instance", cost.DefaultGPUsPerInstance, "AFD: GPUs g of one instance")
	hwID := fl.String("hardware", "h800", "EP: card of every GPU")
	gpus := fl.Int("gpus", 0, "EP: GPUs G (0: search 8, 16, 32, … ≤ 256 and ≤ the routed experts)")
	batch := fl.Int("batch", 0, "sequences in flight: AFD N over the whole deployment, EP per GPU (0: search)")
	micro := fl.Int("micro-batches", 0, "micro-batches m (0: 3 for AFD — attention, FFN, communication in a pipeline, 4+ splits dispatch and combine; 2 for EP — communication overlaps compute, 1: no overlap)")
	attnKV := fl.String("attention-kv", "", "KV cache format, overriding the model's: fp8 or bf16 (int8 too)")
	attnCompute := fl.String("attention-compute", "", "format the attention block computes in, overriding the model's: fp8 or bf16")
	nic := fl.Float64("nic", 0, "NIC line rate per GPU in Gbit/s, replacing the cards' (0: the cards', e.g. 400 on H800)")
	nicEff := fl.Float64("nic-efficiency", cost.DefaultNICEfficiency, "achieved fraction of NIC line rate in calibrated times (DeepEP: ~40 GB/s on a 400 Gb/s NIC)")
	latency := fl.Duration("message-latency", time.Duration(cost.DefaultMessageLatencySeconds*float64(time.Second)), "fixed time per message (one direction, one layer, one micro-batch) in calibrated times")
	scaleGroup := fl.Int("scale-group", cost.DefaultScaleGroup, "FP8 dispatch elements per FP32 scale (0: no scales)")
	memUsable := fl.Float64("memory-usable", cost.DefaultMemoryUsableFraction, "fraction of each GPU's memory weights and KV cache may fill (the rest: activations, buffers, runtime)")
	profileFlag := fl.String("profile", "calibrated", "calibrated (built-in H200 fit), ideal, or a YAML profile file")
	basisFlag := fl.String("basis", "calibrated", "times a search holds to the SLA and ranks by: calibrated or ideal")
	maxInst := fl.Int("max-instances", cost.DefaultMaxInstances, "AFD search: largest x and y tried")
	maxBatch := fl.Int("max-batch", cost.DefaultMaxSequencesPerGPU, "search: largest sequences per attention GPU and micro-batch tried")
	frontier := fl.Bool("frontier", false, "search: also list the Pareto frontier of TGS against TPOT")
	prices := priceFlag(cmd)
	plotPath := fl.String("plot", "", "search: draw the frontier (TPOT on x, TGS on y, one series per plan family) to this .png or .svg file")
	format := formatFlag(cmd)

	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		afd := false
		switch *mode {
		case cost.ModeAFD:
			afd = true
			for _, name := range []string{"hardware", "gpus"} {
				if fl.Changed(name) {
					return fmt.Errorf("--%s is for --mode ep; AFD takes --attention-hardware, --ffn-hardware, --attention-instances, --ffn-instances, --gpus-per-instance", name)
				}
			}
		case cost.ModeEP:
			for _, name := range []string{"attention-hardware", "ffn-hardware", "attention-instances", "ffn-instances", "gpus-per-instance", "max-instances"} {
				if fl.Changed(name) {
					return fmt.Errorf("--%s is for --mode afd; EP takes --hardware and --gpus", name)
				}
			}
		default:
			return fmt.Errorf("--mode %q: want afd or ep", *mode)
		}
		m, c, err := oneModelAt(cmd, *modelID, *context)
		if err != nil {
			return err
		}
		slaSeconds, err := parseTPOT(*tpot)
		if err != nil {
			return err
		}
		kv, err := optionalFormat("--attention-kv", *attnKV)
		if err != nil {
			return err
		}
		compute, err := optionalFormat("--attention-compute", *attnCompute)
		if err != nil {
			return err
		}
		basis, err := cost.ParseBasis(*basisFlag)
		if err != nil {
			return fmt.Errorf("--basis: %w", err)
		}
		// The profile of the attention card (AFD) or of the card (EP); AFD's FFN card gets its own below.
		profCard := *attnHW
		if !afd {
			profCard = *hwID
		}
		prof, err := parseProfile(cmd, *profileFlag, profCard)
		if err != nil {
			return err
		}
		as := cost.Assumptions{Profile: prof, MemoryUsableFraction: *memUsable, Network: cost.Network{
			NICBitsPerSecond: *nic * 1e9, Efficiency: *nicEff, MessageLatencySeconds: latency.Seconds(), ScaleGroup: *scaleGroup,
		}}
		if err := as.Validate(); err != nil {
			return fmt.Errorf("assumptions (--nic, --nic-efficiency, --message-latency, --scale-group, --memory-usable): %w", err)
		}
		for _, v := range []struct {
			name string
			n    int
		}{{"--attention-instances", *attnInst}, {"--ffn-instances", *ffnInst}, {"--gpus", *gpus}, {"--batch", *batch}, {"--micro-batches", *micro}} {
			if v.n < 0 {
				return fmt.Errorf("%s %d: must be positive, or 0 for the default or a search", v.name, v.n)
			}
		}
		if *perInst < 1 {
			return fmt.Errorf("--gpus-per-instance %d: must be at least 1", *perInst)
		}
		if *maxInst < 1 || *maxInst > 64 || *maxBatch < 1 || *maxBatch > 1<<20 {
			return fmt.Errorf("--max-instances must be in 1…64 and --max-batch in 1…1048576, got %d and %d", *maxInst, *maxBatch)
		}
		cat, err := resolveCatalogue(cmd, *prices)
		if err != nil {
			return err
		}
		card := func(flag, id string) (hardware.Accelerator, error) {
			a, err := cat.Get(strings.TrimSpace(id))
			if err != nil {
				return hardware.Accelerator{}, fmt.Errorf("--%s: %w", flag, err)
			}
			return a, nil
		}
		var (
			out    report.Deploy
			search cost.DeploySearch
			fixed  bool
		)
		out.SLASeconds, out.Basis, out.Assumptions, out.Model = slaSeconds, basis, as, m
		if afd {
			a, err := card("attention-hardware", *attnHW)
			if err != nil {
				return err
			}
			ff, err := card("ffn-hardware", *ffnHW)
			if err != nil {
				return err
			}
			mb := *micro
			if mb == 0 {
				mb = cost.DefaultAFDMicroBatches
			}
			ffnProf, err := parseProfile(cmd, *profileFlag, ff.ID)
			if err != nil {
				return err
			}
			plan := cost.AFDPlan{Context: c, AttentionHardware: a, FFNHardware: ff, AttentionInstances: *attnInst,
				FFNInstances: *ffnInst, GPUsPerInstance: *perInst, Batch: *batch, MicroBatches: mb,
				AttentionKV: kv, AttentionCompute: compute, Assumptions: as, FFNProfile: &ffnProf}
			out.Space = fmt.Sprintf("x, y in 1…%d, N = b·%d·x·%d for b in 1…%d", *maxInst, mb, *perInst, *maxBatch)
			fixed = *attnInst > 0 && *ffnInst > 0 && *batch > 0
			if fixed {
				r, err := cost.EvaluateAFD(m, plan)
				if err != nil {
					return err
				}
				search = cost.DeploySearch{Best: r, Found: true}
			} else if search, err = cost.SearchAFD(m, cost.AFDSearch{Plan: plan, MaxInstances: *maxInst,
				MaxSequencesPerGPU: *maxBatch, TPOTSLASeconds: slaSeconds, Basis: basis}); err != nil {
				return err
			}
		} else {
			hw, err := card("hardware", *hwID)
			if err != nil {
				return err
			}
			mb := *micro
			if mb == 0 {
				mb = cost.DefaultEPMicroBatches
			}
			plan := cost.EPPlan{Context: c, Hardware: hw, GPUs: *gpus, BatchPerGPU: *batch, MicroBatches: mb,
				AttentionKV: kv, AttentionCompute: compute, Assumptions: as}
			out.Space = fmt.Sprintf("G in 8, 16, … ≤ %d, batch per GPU = b·%d for b in 1…%d", cost.DefaultMaxEPGPUs, mb, *maxBatch)
			if *gpus > 0 {
				out.Space = fmt.Sprintf("batch per GPU = b·%d for b in 1…%d", mb, *maxBatch)
			}
			fixed = *gpus > 0 && *batch > 0
			if fixed {
				r, err := cost.EvaluateEP(m, plan)
				if err != nil {
					return err
				}
				search = cost.DeploySearch{Best: r, Found: true}
			} else if search, err = cost.SearchEP(m, cost.EPSearch{Plan: plan, MaxSequencesPerGPU: *maxBatch,
				TPOTSLASeconds: slaSeconds, Basis: basis}); err != nil {
				return err
			}
		}
		if !fixed && !search.Found {
			return report.NoPlanError(search, slaSeconds, basis)
		}
		if fixed && (*frontier || *plotPath != "") {
			return fmt.Errorf("--frontier and --plot need a search: leave --batch or an instance/GPU count unset")
		}
		out.Fixed, out.Search, out.ShowFrontier = fixed, search, *frontier
		if *plotPath != "" {
			if err := savePlot(*plotPath)(out.Plot()); err != nil {
				return err
			}
		}
		return emit(cmd, func(w io.Writer) error { return out.Write(w, f) })
	}
	return cmd
}

// parseTPOT reads --tpot: a Go duration (50ms, 0.05s) or a bare number of milliseconds.
func parseTPOT(s string) (float64, error) {
	t := strings.TrimSpace(s)
	var sec float64
	if v, err := strconv.ParseFloat(t, 64); err == nil {
		sec = v / 1000
	} else if d, err := time.ParseDuration(t); err == nil {
		sec = d.Seconds()
	} else {
		return 0, fmt.Errorf("--tpot %q: want a duration such as 50ms or a number of milliseconds", s)
	}
	if !(sec > 0) || sec > 3600 {
		return 0, fmt.Errorf("--tpot %q: must be a positive time of at most an hour", s)
	}
	return sec, nil
}
