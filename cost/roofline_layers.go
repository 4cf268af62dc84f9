package cost

import (
	"fmt"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/kernels"
	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
)

// LayerRoofline is the per-layer roofline breakdown of a model for one decode step (docs/design.md
// §roofline): the operations of one layer of each layer kind on one GPU, and the totals of the most
// common attention and FFN.
type LayerRoofline struct {
	// Ops lists, for each layer kind in model order, its attention operations (projections,
	// core, router) then its FFN operations.
	Ops []Op `json:"ops"`
	// AttentionKind is the layer kind whose attention ops make AttentionLayer: among the
	// kinds with the most common attention (the attention block and precision shared by the
	// most layers), the one with the most layers; the first on ties.
	AttentionKind string `json:"attention_kind"`
	// AttentionLayer is the sum of AttentionKind's attention ops (projections, core and,
	// for an MoE layer, the router).
	AttentionLayer OpsTotal `json:"attention_layer"`
	// FFNKind and FFNLayer are the same for the most common FFN block.
	FFNKind  string   `json:"ffn_kind"`
	FFNLayer OpsTotal `json:"ffn_layer"`
	// ServingPrecision is the serving precision the ops were priced in
	// (RooflineOptions.Precision), named "model" (the model's own formats), a preset's name
	// or "custom"; its network and LM-head formats price no op here.
	ServingPrecision ServingPrecision `json:"serving_precision"`
}

// RooflineOptions change a roofline breakdown.
type RooflineOptions struct {
	// AttentionCompute, when set, is the format the attention block (projections, core)
	// computes in, instead of the layer's compute format; the FFN keeps the layer's.
	AttentionCompute precision.Format
	// Precision is the serving precision, as decost deploy's (ServingPrecisionPreset,
	// ServingPrecision.WithOps): its KV, attention-core, GEMM and expert formats replace the
	// model's where set (the network and LM-head formats price no op here). The zero value
	// keeps the model's formats.
	Precision ServingPrecision
	// Tables are the card's measured kernel tables: nil takes its built-in ones
	// (kernels.ForCard); kernels.NewSet(card) with none prices from the profile only. Each
	// op's Basis says which priced it — the same pricing as decost deploy.
	Tables *kernels.Set
}

// Roofline breaks one decode step of m into per-GPU operations: attention as in s (b
// sequences at context C on a group of g GPUs, data- or tensor-parallel), and the FFN for
// T = b tokens on a pool of the same g GPUs (EP for experts, TP for dense FFNs), timed on hw
// under profile p.
func Roofline(m *model.Model, hw hardware.Accelerator, p hardware.Profile, s AttentionStep, o RooflineOptions) (LayerRoofline, error) {
	if err := m.Validate(); err != nil {
		return LayerRoofline{}, err
	}
	if err := hw.Validate(); err != nil {
		return LayerRoofline{}, err
	}
	if err := p.Validate(); err != nil {
		return LayerRoofline{}, err
	}
	kinds := m.Kinds()
	akinds, err := attentionKinds(kinds, "", o.AttentionCompute)
	if err != nil {
		return LayerRoofline{}, err
	}
	if err := o.Precision.Validate(); err != nil {
		return LayerRoofline{}, err
	}
	pr := newPricer(hw, p, tablesFor(o.Tables, hw), 0)
	r := LayerRoofline{ServingPrecision: o.Precision}
	r.ServingPrecision.Name = o.Precision.resolved().Name
	attnOps := make([][]Op, len(kinds))
	ffnLists := make([][]Op, len(kinds))
	for i, k := range kinds {
		fm := formatsOf(akinds[i].Layer.Precision, k.Layer.Precision, o.Precision)
		a, err := attentionOps(m.Hidden, akinds[i], fm, pr, s)
		if err != nil {
			return LayerRoofline{}, fmt.Errorf("model %s: %w", m.ID, err)
		}
		f, err := ffnOps(m.Hidden, k, fm, pr, FFNStep{Tokens: s.Sequences, GPUs: s.GPUs})
		if err != nil {
			return LayerRoofline{}, fmt.Errorf("model %s: %w", m.ID, err)
		}
		attnOps[i], ffnLists[i] = a, f
		r.Ops = append(append(r.Ops, a...), f...)
	}
	type attnKey struct {
		a model.Attention
		p model.LayerPrecision
	}
	type ffnKey struct {
		f model.FFN
		p model.LayerPrecision
	}
	ai := mostCommon(kinds, func(k model.LayerKind) any { return attnKey{k.Layer.Attention, k.Layer.Precision} })
	fi := mostCommon(kinds, func(k model.LayerKind) any { return ffnKey{k.Layer.FFN, k.Layer.Precision} })
	r.AttentionKind, r.AttentionLayer = kinds[ai].Name, SumOps(attnOps[ai])
	r.FFNKind, r.FFNLayer = kinds[fi].Name, SumOps(ffnLists[fi])
	return r, nil
}

// mostCommon returns the index of the kind with the most layers among the kinds whose key
// is shared by the most layers; the first on ties.
func mostCommon(kinds []model.LayerKind, key func(model.LayerKind) any) int {
	layers := map[any]int{}
	for _, k := range kinds {
		layers[key(k)] += k.Count()
	}
	best := 0
	for i, k := range kinds {
		b := kinds[best]
		if n, nb := layers[key(k)], layers[key(b)]; n > nb || (n == nb && key(k) == key(b) && k.Count() > b.Count()) {
			best = i
		}
	}
	return best
}

// ownFormats are the formats of layer kind k served in its own precision: the formats of
// AttentionOps and FFNOps.
func ownFormats(k model.LayerKind) kindFormats {
	return formatsOf(k.Layer.Precision, k.Layer.Precision, ServingPrecision{})
}
