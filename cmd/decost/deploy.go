package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/decost/decost/chart"
	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
	"github.com/decost/decost/render"
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
			out    deployOutput
			search cost.DeploySearch
			fixed  bool
		)
		out.slaSeconds, out.basis, out.assumptions, out.model = slaSeconds, basis, as, m
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
			out.space = fmt.Sprintf("x, y in 1…%d, N = b·%d·x·%d for b in 1…%d", *maxInst, mb, *perInst, *maxBatch)
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
			out.space = fmt.Sprintf("G in 8, 16, … ≤ %d, batch per GPU = b·%d for b in 1…%d", cost.DefaultMaxEPGPUs, mb, *maxBatch)
			if *gpus > 0 {
				out.space = fmt.Sprintf("batch per GPU = b·%d for b in 1…%d", mb, *maxBatch)
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
			return noPlanError(search, slaSeconds, basis)
		}
		if fixed && (*frontier || *plotPath != "") {
			return fmt.Errorf("--frontier and --plot need a search: leave --batch or an instance/GPU count unset")
		}
		out.fixed, out.search, out.showFrontier = fixed, search, *frontier
		if *plotPath != "" {
			if err := saveDeployPlot(*plotPath, out); err != nil {
				return err
			}
		}
		return emit(cmd, func(w io.Writer) error { return out.write(w, f) })
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

// noPlanError says why a search chose nothing.
func noPlanError(s cost.DeploySearch, slaSeconds float64, basis cost.Basis) error {
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

// deployOutput is everything deploy renders.
type deployOutput struct {
	model        *model.Model
	slaSeconds   float64
	basis        cost.Basis
	assumptions  cost.Assumptions
	space        string
	fixed        bool
	search       cost.DeploySearch
	showFrontier bool
}

func (o deployOutput) write(w io.Writer, f render.Format) error {
	if f == render.JSON {
		if o.fixed {
			return render.WriteJSON(w, deployPlanJSON(o.search.Best, o.slaSeconds))
		}
		out := deploySearchJSON{Best: deployPlanJSON(o.search.Best, o.slaSeconds), Frontier: []deployJSON{}}
		for _, r := range o.search.Frontier {
			out.Frontier = append(out.Frontier, deployPlanJSON(r, o.slaSeconds))
		}
		return render.WriteJSON(w, out)
	}
	plans := o.plansTable()
	if f == render.CSV {
		return plans.Write(w, f)
	}
	if err := plans.Write(w, f); err != nil {
		return err
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return err
	}
	return o.stagesTable().Write(w, f)
}

// ms and gb convert seconds and bytes for display.
func ms(seconds float64) float64 { return seconds * 1e3 }
func gb(bytes float64) float64   { return bytes / 1e9 }

func gbPtr(bytes float64) *float64 { v := gb(bytes); return &v }

func (o deployOutput) plansTable() *render.Table {
	sig := render.Sig(4)
	t := &render.Table{Columns: []render.Column{
		{Key: "role", Header: "role"},
		{Key: "plan", Header: "plan"},
		{Key: "hardware", Header: "hardware", Detail: true},
		{Key: "gpus", Header: "GPUs"},
		{Key: "total_batch", Header: "N", Show: sig},
		{Key: "micro_batches", Header: "m"},
		{Key: "sequences_per_attention_gpu", Header: "b/GPU/mb", Show: sig},
		{Key: "tpot_ms_ideal", Header: "TPOT ms ideal", Show: sig},
		{Key: "tpot_ms_calibrated", Header: "TPOT ms calibrated", Show: sig},
		{Key: "tgs_ideal", Header: "TGS ideal", Show: sig},
		{Key: "tgs_calibrated", Header: "TGS calibrated", Show: sig},
		{Key: "binding_stage_ideal", Header: "binding ideal"},
		{Key: "binding_stage", Header: "binding calibrated"},
		{Key: "memory_gb_attention_gpu", Header: "GB/attn GPU", Show: render.Sig(3)},
		{Key: "memory_gb_ffn_gpu", Header: "GB/FFN GPU", Show: render.Sig(3)},
		{Key: "fits", Header: "fits"},
		{Key: "usd_per_mtok_ideal", Header: "$/Mtok ideal", Show: render.Sig(3), Detail: true},
		{Key: "usd_per_mtok_calibrated", Header: "$/Mtok calibrated", Show: render.Sig(3)},
		{Key: "attention_us_ideal", Header: "", Detail: true},
		{Key: "attention_us_calibrated", Header: "", Detail: true},
		{Key: "ffn_us_ideal", Header: "", Detail: true},
		{Key: "ffn_us_calibrated", Header: "", Detail: true},
		{Key: "communication_us_ideal", Header: "", Detail: true},
		{Key: "communication_us_calibrated", Header: "", Detail: true},
		{Key: "dominant_kind", Header: "", Detail: true},
		{Key: "throughput_ideal", Header: "", Detail: true},
		{Key: "throughput_calibrated", Header: "", Detail: true},
	}}
	add := func(role string, r cost.DeployResult) {
		hw := r.AttentionHardware
		var ffnMem any = gb(r.FFNGPUMemoryBytes)
		if r.Mode == cost.ModeAFD {
			hw += "/" + r.FFNHardware
		} else {
			ffnMem = "(same GPU)"
		}
		var usdI, usdC any = r.USDPerMTok.Ideal, r.USDPerMTok.Calibrated
		if r.USDPerMTok.Calibrated == 0 {
			usdI, usdC = "no price", "no price"
		}
		s := r.Stages()
		t.Add(role, r.Family(), hw, r.GPUs, r.TotalBatch, r.MicroBatches, r.SequencesPerAttentionGPU,
			ms(r.TPOT.Ideal), ms(r.TPOT.Calibrated), r.TGS.Ideal, r.TGS.Calibrated,
			r.BindingStageIdeal, r.BindingStage, gb(r.AttentionGPUMemoryBytes), ffnMem, r.Fits, usdI, usdC,
			us(s.Attention.Ideal), us(s.Attention.Calibrated), us(s.FFN.Ideal), us(s.FFN.Calibrated),
			us(s.Communication.Ideal), us(s.Communication.Calibrated), r.DominantKind, r.Throughput.Ideal, r.Throughput.Calibrated)
	}
	best := o.search.Best
	if o.fixed {
		add("plan", best)
	} else {
		add("best", best)
		if o.showFrontier {
			for _, r := range o.search.Frontier {
				add("frontier", r)
			}
		}
	}
	a := o.assumptions
	var lines []string
	if best.Mode == cost.ModeAFD {
		lines = append(lines, fmt.Sprintf("%s, AFD: attention on %s, FFN on %s, %d GPUs per instance, context %d.",
			o.model.ID, best.AttentionHardware, best.FFNHardware, best.GPUsPerInstance, best.Context))
	} else {
		lines = append(lines, fmt.Sprintf("%s, EP on %s, context %d; batch is per GPU × GPUs.", o.model.ID, best.AttentionHardware, best.Context))
	}
	if o.fixed {
		met := "meets"
		if o.basisOf(best.TPOT) > o.slaSeconds {
			met = "misses"
		}
		fit := ""
		if !best.Fits {
			fit = " It does NOT fit memory."
		}
		lines = append(lines, fmt.Sprintf("Fixed plan: %s the %s ms TPOT SLA (%s).%s", met, render.Sig(3)(ms(o.slaSeconds)), o.basis, fit))
	} else {
		lines = append(lines, fmt.Sprintf("Search over %s (%d plans, %d fit memory): best = highest TGS with TPOT ≤ %s ms (%s) that fits memory.",
			o.space, o.search.Evaluated, o.search.Fitting, render.Sig(3)(ms(o.slaSeconds)), o.basis))
		if o.showFrontier {
			lines = append(lines, fmt.Sprintf("frontier: the Pareto frontier of TGS (max) against TPOT (min, %s) over every plan that fits, SLA or not.", o.basis))
		}
	}
	if best.Mode == cost.ModeAFD {
		lines = append(lines, "TPOT = Σ over layers of m·max(t_A, t_F, t_C) (L·m·max for one layer kind); TGS = N / TPOT / GPUs. Dense FFN layers: TP within one FFN instance; embedding and LM head on attention GPUs.")
	} else {
		lines = append(lines, "TPOT = Σ over layers of m·max(t_A + t_F, t_C) for m ≥ 2 overlapped micro-batches (t_A + t_F + t_C for m = 1); TGS = batch per GPU / TPOT. Dense FFN layers: whole on every GPU.")
	}
	nic := "the cards' NICs"
	if a.Network.NICBitsPerSecond > 0 {
		nic = fmt.Sprintf("%g Gb/s NICs", a.Network.NICBitsPerSecond/1e9)
	}
	lines = append(lines,
		"ideal: roofline at 100% of peak and bandwidth, "+nic+" at line rate; calibrated: "+describeProfile(a.Profile)+
			fmt.Sprintf("; NICs at %g of line rate + %g µs per message.", a.Network.Efficiency, us(a.Network.MessageLatencySeconds)),
		fmt.Sprintf("Memory: %g of each GPU usable for weights and KV cache. binding: the stage that sets the layer period of the layer kind that takes most of TPOT.", a.MemoryUsableFraction))
	t.Caption = strings.Join(lines, "\n")
	return t
}

func (o deployOutput) basisOf(s cost.StageSeconds) float64 {
	if o.basis == cost.BasisIdeal {
		return s.Ideal
	}
	return s.Calibrated
}

// stagesTable lists the chosen plan's stages per layer kind.
func (o deployOutput) stagesTable() *render.Table {
	sig := render.Sig(4)
	r := o.search.Best
	t := &render.Table{Columns: []render.Column{
		{Key: "layer_kind", Header: "layer kind"},
		{Key: "layers", Header: "layers"},
		{Key: "attention_us_ideal", Header: "attention µs ideal", Show: sig},
		{Key: "attention_us_calibrated", Header: "attention µs calibrated", Show: sig},
		{Key: "ffn_us_ideal", Header: "FFN µs ideal", Show: sig},
		{Key: "ffn_us_calibrated", Header: "FFN µs calibrated", Show: sig},
		{Key: "communication_us_ideal", Header: "comm µs ideal", Show: sig},
		{Key: "communication_us_calibrated", Header: "comm µs calibrated", Show: sig},
		{Key: "binding_stage_ideal", Header: "binding ideal"},
		{Key: "binding_stage", Header: "binding calibrated"},
		{Key: "layers_ms_ideal", Header: "layers ms ideal", Show: sig},
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
		fmt.Sprintf("layers ms = layers × the layer period (m = %d × the binding stage); their sum is TPOT: ideal %s ms, calibrated %s ms; throughput N/TPOT: ideal %s, calibrated %s tokens/s.",
			r.MicroBatches, render.Sig(4)(ms(r.TPOT.Ideal)), render.Sig(4)(ms(r.TPOT.Calibrated)),
			render.Sig(4)(r.Throughput.Ideal), render.Sig(4)(r.Throughput.Calibrated)),
	}
	t.Caption = strings.Join(lines, "\n")
	return t
}

// idealCalibrated is a pair of figures in JSON.
type idealCalibrated struct {
	Ideal      float64 `json:"ideal"`
	Calibrated float64 `json:"calibrated"`
}

func pairOf(s cost.StageSeconds, scale float64) idealCalibrated {
	return idealCalibrated{s.Ideal * scale, s.Calibrated * scale}
}

// deployStagesJSON are stage times in µs.
type deployStagesJSON struct {
	Attention     idealCalibrated `json:"attention"`
	FFN           idealCalibrated `json:"ffn"`
	Communication idealCalibrated `json:"communication"`
	Dispatch      idealCalibrated `json:"dispatch"`
	Combine       idealCalibrated `json:"combine"`
}

// deployMemoryJSON is memory per GPU in GB: AFD attention_gpu and ffn_gpu, EP gpu, each
// with the usable memory of its card.
type deployMemoryJSON struct {
	AttentionGPU       *float64 `json:"attention_gpu,omitempty"`
	AttentionGPUUsable *float64 `json:"attention_gpu_usable,omitempty"`
	FFNGPU             *float64 `json:"ffn_gpu,omitempty"`
	FFNGPUUsable       *float64 `json:"ffn_gpu_usable,omitempty"`
	GPU                *float64 `json:"gpu,omitempty"`
	GPUUsable          *float64 `json:"gpu_usable,omitempty"`
}

type deployLayerJSON struct {
	Kind              string           `json:"kind"`
	Layers            int              `json:"layers"`
	StageUS           deployStagesJSON `json:"stage_us"`
	BindingStage      string           `json:"binding_stage"`
	BindingStageIdeal string           `json:"binding_stage_ideal"`
	LayersMS          idealCalibrated  `json:"layers_ms"`
}

// deployJSON is one plan in the JSON contract (times in ms and µs, memory in GB).
type deployJSON struct {
	Mode                     string            `json:"mode"`
	Model                    string            `json:"model"`
	Context                  int               `json:"context"`
	Hardware                 string            `json:"hardware,omitempty"`
	AttentionHardware        string            `json:"attention_hardware,omitempty"`
	FFNHardware              string            `json:"ffn_hardware,omitempty"`
	AttentionInstances       int               `json:"attention_instances,omitempty"`
	FFNInstances             int               `json:"ffn_instances,omitempty"`
	GPUsPerInstance          int               `json:"gpus_per_instance,omitempty"`
	Plan                     string            `json:"plan"`
	GPUs                     int               `json:"gpus"`
	TotalBatch               float64           `json:"total_batch"`
	BatchPerGPU              float64           `json:"batch_per_gpu,omitempty"`
	MicroBatches             int               `json:"micro_batches"`
	SequencesPerAttentionGPU float64           `json:"sequences_per_attention_gpu"`
	FFNTokens                float64           `json:"ffn_tokens"`
	TPOTMsIdeal              float64           `json:"tpot_ms_ideal"`
	TPOTMsCalibrated         float64           `json:"tpot_ms_calibrated"`
	TGSIdeal                 float64           `json:"tgs_ideal"`
	TGSCalibrated            float64           `json:"tgs_calibrated"`
	Throughput               idealCalibrated   `json:"throughput_tokens_per_second"`
	MeetsSLA                 bool              `json:"meets_sla"`
	BindingStage             string            `json:"binding_stage"`
	BindingStageIdeal        string            `json:"binding_stage_ideal"`
	DominantKind             string            `json:"dominant_kind"`
	StageUS                  deployStagesJSON  `json:"stage_us"`
	MemoryGB                 deployMemoryJSON  `json:"memory_gb"`
	Fits                     bool              `json:"fits"`
	USDPerMTok               *idealCalibrated  `json:"usd_per_mtok,omitempty"`
	Layers                   []deployLayerJSON `json:"layers"`
}

type deploySearchJSON struct {
	Best     deployJSON   `json:"best"`
	Frontier []deployJSON `json:"frontier"`
}

func stagesJSON(l cost.DeployLayer) deployStagesJSON {
	return deployStagesJSON{
		Attention: pairOf(l.Attention, 1e6), FFN: pairOf(l.FFN, 1e6), Communication: pairOf(l.Communication, 1e6),
		Dispatch: pairOf(l.Dispatch, 1e6), Combine: pairOf(l.Combine, 1e6),
	}
}

// deployPlanJSON converts a result; meets_sla is on calibrated times.
func deployPlanJSON(r cost.DeployResult, slaSeconds float64) deployJSON {
	j := deployJSON{
		Mode: r.Mode, Model: r.Model, Context: r.Context, Plan: r.Family(), GPUs: r.GPUs, TotalBatch: r.TotalBatch,
		MicroBatches: r.MicroBatches, SequencesPerAttentionGPU: r.SequencesPerAttentionGPU, FFNTokens: r.FFNTokens,
		TPOTMsIdeal: ms(r.TPOT.Ideal), TPOTMsCalibrated: ms(r.TPOT.Calibrated),
		TGSIdeal: r.TGS.Ideal, TGSCalibrated: r.TGS.Calibrated, Throughput: pairOf(r.Throughput, 1),
		MeetsSLA: r.TPOT.Calibrated <= slaSeconds, BindingStage: r.BindingStage, BindingStageIdeal: r.BindingStageIdeal,
		DominantKind: r.DominantKind, StageUS: stagesJSON(r.Stages()), Fits: r.Fits,
		Layers: []deployLayerJSON{},
	}
	if r.Mode == cost.ModeAFD {
		j.AttentionHardware, j.FFNHardware = r.AttentionHardware, r.FFNHardware
		j.AttentionInstances, j.FFNInstances, j.GPUsPerInstance = r.AttentionInstances, r.FFNInstances, r.GPUsPerInstance
		j.MemoryGB = deployMemoryJSON{AttentionGPU: gbPtr(r.AttentionGPUMemoryBytes), AttentionGPUUsable: gbPtr(r.AttentionGPUUsableBytes),
			FFNGPU: gbPtr(r.FFNGPUMemoryBytes), FFNGPUUsable: gbPtr(r.FFNGPUUsableBytes)}
	} else {
		j.Hardware = r.AttentionHardware
		j.BatchPerGPU = r.TotalBatch / float64(r.GPUs)
		j.MemoryGB = deployMemoryJSON{GPU: gbPtr(r.AttentionGPUMemoryBytes), GPUUsable: gbPtr(r.AttentionGPUUsableBytes)}
	}
	if r.USDPerMTok.Calibrated > 0 {
		u := pairOf(r.USDPerMTok, 1)
		j.USDPerMTok = &u
	}
	for _, l := range r.Layers {
		j.Layers = append(j.Layers, deployLayerJSON{
			Kind: l.Kind, Layers: l.Layers, StageUS: stagesJSON(l), BindingStage: l.BindingStage,
			BindingStageIdeal: l.BindingStageIdeal, LayersMS: pairOf(l.Period, 1e3*float64(l.Layers)),
		})
	}
	return j
}

// saveDeployPlot draws the frontier of the search, with the chosen plan labelled.
func saveDeployPlot(path string, o deployOutput) error {
	var pts []chart.DeployPoint
	best := o.search.Best
	labelled := false
	for _, r := range o.search.Frontier {
		p := chart.DeployPoint{Family: r.Family(), TPOTMs: ms(o.basisOf(r.TPOT)), TGS: o.basisOf(r.TGS)}
		if !labelled && r.Family() == best.Family() && r.TotalBatch == best.TotalBatch {
			p.Label, labelled = fmt.Sprintf("best: %s, N=%g", r.Family(), r.TotalBatch), true
		}
		pts = append(pts, p)
	}
	title := fmt.Sprintf("%s %s at context %d: TGS against TPOT (SLA %s ms)", o.model.ID, strings.ToUpper(best.Mode), best.Context, render.Sig(3)(ms(o.slaSeconds)))
	pl, err := chart.DeployFrontier(title, fmt.Sprintf("TPOT (ms, %s)", o.basis), fmt.Sprintf("TGS (tokens/GPU/s, %s)", o.basis), pts)
	if err != nil {
		return err
	}
	return chart.Save(pl, path)
}
