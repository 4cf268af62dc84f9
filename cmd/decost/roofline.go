package main

import (
	"fmt"
	"io"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/internal/flagrule"
	"github.com/decost/decost/internal/report"
	"github.com/decost/decost/model"
	"github.com/decost/decost/render"
	"github.com/spf13/cobra"
)

// rooflineLong is the help of 'decost roofline'.
const rooflineLong = `roofline lists every operation of one layer of each layer kind of a model for one decode
step of B sequences at context C served by G GPUs (docs/design.md §roofline): each attention
projection GEMM, the attention core, the MoE router, each expert GEMM group (routed and shared, gate_up and
down) and the dense FFN, with FLOPs, bytes, arithmetic intensity (FLOP/byte), the binding
roof, and the ideal and calibrated time on one GPU.

  GEMM In×Out on t tokens: FLOPs 2·t·In·Out; bytes = weights + t·In inputs + t·Out outputs
  attention core:          FLOPs t × core FLOPs per token at C; bytes t × cached bytes at C + q/o
                           (sparse MLA: the min(C, top-k) latents; Gated DeltaNet: its short
                           convolution and state update, one kernel, as the GDN tables time it)
  indexer (mla-dsa):       the lightning indexer over all C index keys: FLOPs t·2·n_I·(d_I+1)·C;
                           bytes t·C·(d_I FP8 + FP32 scales) + its query, weights and top-k out
  routed experts (EP over G GPUs): E/G experts per GPU, T·k/G token-expert pairs; weights read
                           only for the E/G·(1 − (1 − k/E)^T) experts expected to get a token
  dense FFN:               tensor-parallel over G GPUs

Attention is data-parallel by default (each GPU: B/G sequences and all attention weights);
--attention-parallel tp splits heads and weights over the G GPUs (MFA's and MLA's single
K/V head is replicated, so every GPU still reads the whole KV cache). The FFN runs the B
tokens on the same G GPUs.

ideal = max(FLOPs/peak, bytes/bandwidth) at 100% of the datasheet; calibrated = the card's
measured kernel table where one covers the op (H800, H20; H100 borrows H800's; H200 GEMMs),
else the profile's fractions of peak and bandwidth plus a per-kernel overhead (--profile;
default: the built-in profile fitted to H200 measurements, see 'decost calibrate'). The basis
column says which, per op. Layer totals are sums of their ops.`

func newRooflineCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "roofline",
		Short: "Per-layer roofline: every operation of one decode step, ideal and calibrated time per GPU",
		Long:  rooflineLong,
		Example: `  decost roofline --model step3 --hardware h800 --context 8k --batch 32
  decost roofline --model deepseek-v3 --hardware h20 --batch 64 --gpus 8 --attention-parallel tp
  # DeepSeek's serving formats; basis: the H800 FP8 GEMM, grouped-GEMM and BF16 FlashMLA tables
  decost roofline --model deepseek-v3 --hardware h800 --gpus 8 --batch 512 --context 4k --serving-precision deepseek
  decost roofline --model qwen3-235b-a22b --hardware h200 --profile ideal --format json
  decost roofline --model step3 --hardware h800 --batch 128 --plot roofline.png`,
		Args: cobra.NoArgs,
	}
	modelID := cmd.Flags().String("model", "step3", "model id (see 'decost models') or path to a Hugging Face config.json (or its directory)")
	hwID := cmd.Flags().String("hardware", "h800", "card id (see 'decost hardware')")
	context := cmd.Flags().String("context", "8192", "context C in tokens per sequence; 8k = 8192")
	batch := cmd.Flags().Int("batch", 32, "sequences B decoded in the step by the whole group")
	gpus := cmd.Flags().Int("gpus", 1, "GPUs G serving the step (attention group and FFN pool)")
	parallel := cmd.Flags().String("attention-parallel", "dp", "attention parallelism over the G GPUs: dp or tp")
	weights := cmd.Flags().String("weights", "", "weight format, overriding the model's: "+flagrule.FormatList(flagrule.WeightFormats()))
	kv := cmd.Flags().String("kv", "", "KV cache format, overriding the model's: "+flagrule.FormatList(flagrule.KVFormats()))
	attnCompute := cmd.Flags().String("attention-compute", "", "format the attention block computes in (fp8 or bf16); the FFN keeps the model's")
	var sp precisionFlags
	sp.add(cmd, cost.RooflineServingOps())
	profileFlag := cmd.Flags().String("profile", "calibrated", "calibrated (a --hardware-file's profile for the card, else the built-in H200 fit), ideal, or a YAML profile file (refused for a card whose --hardware-file gives a profile)")
	plotPath := cmd.Flags().String("plot", "", "also draw the roofline chart to this .png or .svg file")
	format := flagrule.FormatFlag(cmd)
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		f, err := format()
		if err != nil {
			return err
		}
		m, c, err := flagrule.OneModelAt(cmd, *modelID, *context)
		if err != nil {
			return err
		}
		o, err := formatOverride(*weights, *kv)
		if err != nil {
			return err
		}
		m = m.WithPrecision(o)
		opt, err := sp.rooflineOptions(o, *attnCompute)
		if err != nil {
			return err
		}
		hw, err := flagrule.OneCard(cmd, *hwID)
		if err != nil {
			return err
		}
		flagrule.WarnCompute(cmd, "--attention-compute", opt.AttentionCompute, hw)
		s, err := attentionStep(*batch, c, *gpus, *parallel)
		if err != nil {
			return err
		}
		prof, err := flagrule.ParseProfile(cmd, *profileFlag, hw.ID)
		if err != nil {
			return err
		}
		r, err := cost.Roofline(m, hw, prof, s, opt)
		if err != nil {
			return err
		}
		if *plotPath != "" {
			if err := savePlot(cmd, *plotPath)(report.RooflinePlot(m, hw, prof, s, r)); err != nil {
				return err
			}
		}
		return emit(cmd, func(w io.Writer) error {
			if f == render.JSON {
				return render.WriteJSON(w, report.NewRoofline(m, hw, prof, s, r))
			}
			return report.RooflineTable(m, hw, prof, s, r).Write(w, f)
		})
	}
	return cmd
}

// rooflineOptions reads --attention-compute and the serving precision, refusing a format
// that --weights, --kv (in o) or --attention-compute sets differently from it.
func (p *precisionFlags) rooflineOptions(o model.PrecisionOverride, attnCompute string) (cost.RooflineOptions, error) {
	var opt cost.RooflineOptions
	var err error
	if opt.AttentionCompute, err = flagrule.OptionalFormat("--attention-compute", attnCompute, flagrule.ComputeFormats()...); err != nil {
		return opt, err
	}
	if opt.Precision, err = p.read(); err != nil {
		return opt, err
	}
	return opt, flagrule.RefuseFormatConflicts(opt.Precision, p.source(),
		flagrule.FormatSetting{Flag: "--weights", Format: o.Weights, Ops: []string{"gemm", "experts"}},
		flagrule.FormatSetting{Flag: "--kv", Format: o.Cache, Ops: []string{"kv"}},
		flagrule.FormatSetting{Flag: "--attention-compute", Format: opt.AttentionCompute, Ops: []string{"gemm", "attention-core"}})
}

// formatOverride reads --weights and --kv: the formats that replace the model's (empty:
// keep the model's).
func formatOverride(weights, kv string) (model.PrecisionOverride, error) {
	var o model.PrecisionOverride
	var err error
	if o.Weights, err = flagrule.OptionalFormat("--weights", weights, flagrule.WeightFormats()...); err != nil {
		return o, err
	}
	o.Cache, err = flagrule.OptionalFormat("--kv", kv, flagrule.KVFormats()...)
	return o, err
}

// attentionStep reads --batch, --gpus and --attention-parallel: a decode step of batch
// sequences at context c on gpus GPUs.
func attentionStep(batch, c, gpus int, parallel string) (cost.AttentionStep, error) {
	if batch <= 0 || batch > cost.MaxSequences {
		return cost.AttentionStep{}, fmt.Errorf("--batch %d: must be a positive number of sequences, at most %d", batch, cost.MaxSequences)
	}
	if gpus <= 0 {
		return cost.AttentionStep{}, fmt.Errorf("--gpus %d: must be a positive number of GPUs", gpus)
	}
	par, err := cost.ParseParallelism(parallel)
	if err != nil {
		return cost.AttentionStep{}, fmt.Errorf("--attention-parallel: %w", err)
	}
	return cost.AttentionStep{Sequences: float64(batch), Context: c, GPUs: gpus, Parallel: par}, nil
}
