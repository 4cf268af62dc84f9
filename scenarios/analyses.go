package scenarios

import (
	"errors"
	"fmt"
	"slices"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
)

// SparsityRow is one model's MoE sparsity bound on one card (docs/design.md §sparsity).
type SparsityRow struct {
	// Variant is the model variant whose H, L and sparsity the bound uses.
	Variant *ModelVariant
	cost.SparsityLimit
}

// RooflineRow is one model's per-layer roofline on one card at one context and batch
// (docs/design.md §roofline).
type RooflineRow struct {
	// Variant is the model variant, Hardware the card id, Context the context in tokens.
	Variant  *ModelVariant
	Hardware string
	Context  int
	// Batch is the sequences the GPU group decodes in the step; GPUs the group's size.
	Batch, GPUs int
	// Parallel is the attention parallelism over the GPUs.
	Parallel cost.Parallelism
	cost.LayerRoofline
}

// sparsityColumns are the columns of the sparsity analysis: the model, then those of
// 'decost sparsity'.
var sparsityColumns = slices.Concat([]Column{{Key: "model", Header: "model", Text: true, Axis: "model"}}, sparsityTableColumns)

// SparsityColumns returns the columns of the sparsity analysis in a sweep: model, then
// SparsityTableColumns: a copy, which the caller may change.
func SparsityColumns() []Column { return slices.Clone(sparsityColumns) }

// sparsityTableColumns are the columns of 'decost sparsity': the network bound per card.
var sparsityTableColumns = []Column{
	{Key: "hardware", Header: "hardware", Text: true, Axis: "hardware"},
	{Key: "peak_tflops", Header: "peak TFLOP/s", Axis: "peak (TFLOP/s)"},
	{Key: "memory_tb_per_s", Header: "HBM TB/s", Axis: "memory bandwidth (TB/s)"},
	{Key: "network_gb_per_s", Header: "node net GB/s", Axis: "node network (GB/s)"},
	{Key: "min_sparsity", Header: "min sparsity", Axis: "minimum MoE sparsity under the network bound"},
	{Key: "dense_batch", Header: "dense batch", Axis: "dense batch for the compute roof (tokens)"},
	{Key: "model_sparsity", Header: "model sparsity", Axis: "MoE sparsity (activated / total experts)"},
	{Key: "moe_batch", Header: "MoE batch", Axis: "MoE batch for the compute roof (tokens)"},
	{Key: "model_activated_experts", Header: "activated experts", Axis: "activated experts"},
	{Key: "activated_experts_needed", Header: "needed", Axis: "activated experts needed"},
	{Key: "clears", Header: "clears bound", Text: true},
	{Key: "comm_budget_ms", Header: "budget ms", Axis: "communication budget (ms)"},
}

// SparsityTableColumns returns the columns of 'decost sparsity': a copy, which the caller
// may change.
func SparsityTableColumns() []Column { return slices.Clone(sparsityTableColumns) }

// rooflineColumns are the columns of the roofline analysis: per layer of the most common
// attention and FFN kinds, on one GPU of the group.
var rooflineColumns = []Column{
	{Key: "model", Header: "model", Text: true, Axis: "model"},
	{Key: "precision", Header: "precision", Text: true},
	{Key: "hardware", Header: "hardware", Text: true, Axis: "hardware"},
	{Key: "context", Header: "context", Axis: "context (tokens)"},
	{Key: "batch", Header: "batch", Axis: "batch (sequences per step)"},
	{Key: "gpus", Header: "GPUs", Axis: "GPUs"},
	{Key: "attention_parallel", Header: "attn par.", Text: true},
	{Key: "attention_kind", Header: "attention kind", Text: true},
	{Key: "attention_flops", Header: "attn FLOP", Axis: "attention FLOPs per layer per GPU"},
	{Key: "attention_bytes", Header: "attn B", Axis: "attention bytes per layer per GPU"},
	{Key: "attention_ideal_us", Header: "attn ideal µs", Axis: "attention time per layer, ideal (µs)"},
	{Key: "attention_calibrated_us", Header: "attn calib. µs", Axis: "attention time per layer, calibrated (µs)"},
	{Key: "ffn_kind", Header: "FFN kind", Text: true},
	{Key: "ffn_flops", Header: "FFN FLOP", Axis: "FFN FLOPs per layer per GPU"},
	{Key: "ffn_bytes", Header: "FFN B", Axis: "FFN bytes per layer per GPU"},
	{Key: "ffn_ideal_us", Header: "FFN ideal µs", Axis: "FFN time per layer, ideal (µs)"},
	{Key: "ffn_calibrated_us", Header: "FFN calib. µs", Axis: "FFN time per layer, calibrated (µs)"},
}

// RooflineColumns returns the columns of the roofline analysis: a copy, which the caller
// may change.
func RooflineColumns() []Column { return slices.Clone(rooflineColumns) }

// runSparsity computes the network bound of every model variant on every card; with
// hardware: all, cards without a scale-out NIC are left out.
func runSparsity(p *Plan, r *Result) error {
	s := p.Scenario
	d := s.Axes.Deployment
	par := cost.SparsityParams{TPOTSeconds: d.tpotSeconds(), Stages: cost.DefaultPipelineStages, NICEfficiency: cost.DefaultSparsityNICEfficiency}
	if d.MicroBatches > 0 {
		par.Stages = d.MicroBatches
	}
	if d.NICEfficiency > 0 {
		par.NICEfficiency = d.NICEfficiency
	}
	all := len(s.Axes.Hardware) == 1 && s.Axes.Hardware[0] == "all"
	for i := range p.Models {
		v := &p.Models[i]
		for j := range p.Cards {
			if all && p.Cards[j].NodeNICBytesPerSecond() == 0 {
				continue
			}
			l, err := cost.SparsityLimitOf(v.Model, p.Cards[j], par)
			if errors.Is(err, cost.ErrDenseModel) {
				// models: report has dense ones; the bound is on MoE sparsity
				r.SparsitySkipped = append(r.SparsitySkipped, v)
				break
			}
			if err != nil {
				return s.errAt(path{"axes", "hardware"}, "%v", err)
			}
			r.Sparsity = append(r.Sparsity, SparsityRow{Variant: v, SparsityLimit: l})
		}
	}
	return nil
}

// runRoofline breaks a decode step into operations for every model variant, card, context
// and batch size.
func runRoofline(p *Plan, r *Result, profile func(id string) (hardware.Profile, error)) error {
	s := p.Scenario
	d := s.Axes.Deployment
	gpus := max(1, d.GPUsPerInstance)
	par := cost.DataParallel
	if d.AttentionParallel == "tp" {
		par = cost.TensorParallel
	}
	profiles := make([]hardware.Profile, len(p.Cards))
	for j := range p.Cards {
		pr, err := profile(p.Cards[j].ID)
		if err != nil {
			return s.errAt(path{"axes", "hardware"}, "%s: %v", p.Cards[j].ID, err)
		}
		profiles[j] = pr
	}
	for i := range p.Models {
		v := &p.Models[i]
		for j := range p.Cards {
			for _, c := range p.Contexts.Values() {
				for _, b := range p.BatchSizes.Values() {
					step := cost.AttentionStep{Sequences: float64(b), Context: c, GPUs: gpus, Parallel: par}
					lr, err := cost.Roofline(v.Model, p.Cards[j], profiles[j], step, cost.RooflineOptions{})
					if err != nil {
						return &Error{File: s.File, Msg: fmt.Sprintf("roofline of %s on %s at %d with batch %d: %v", v.Model.ID, p.Cards[j].ID, c, b, err)}
					}
					r.Roofline = append(r.Roofline, RooflineRow{Variant: v, Hardware: p.Cards[j].ID, Context: c,
						Batch: b, GPUs: gpus, Parallel: par, LayerRoofline: lr})
				}
			}
		}
	}
	return nil
}
