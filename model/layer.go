package model

import (
	"fmt"

	"github.com/decost/decost/precision"
)

// LayerPrecision is the precision profile of one layer: what its weights, its KV cache and
// its recurrent state are stored in, and what it prefers to compute in. A card without the
// preferred compute format computes in the next wider one it has (the report: INT8 weights
// and KV with BF16 compute on A800 and 910B); the storage bytes stay as given.
type LayerPrecision struct {
	Weights precision.Format `json:"weights"`
	Cache   precision.Format `json:"cache"`
	State   precision.Format `json:"state"`
	Compute precision.Format `json:"compute"`
}

// FullFP8 returns the report's default profile: 8-bit weights and KV cache, FP8 compute
// where the hardware has it, and an FP32 recurrent state for linear attention. It is a
// function so that no caller can change the profile every built-in model is made with.
func FullFP8() LayerPrecision {
	return LayerPrecision{Weights: precision.FP8, Cache: precision.FP8, State: precision.FP32, Compute: precision.FP8}
}

// Validate reports a missing or unknown format.
func (p LayerPrecision) Validate() error {
	for _, f := range []struct {
		name string
		v    precision.Format
	}{{"weights", p.Weights}, {"cache", p.Cache}, {"state", p.State}, {"compute", p.Compute}} {
		if !f.v.Valid() {
			return fmt.Errorf("precision %s: unknown format %q", f.name, f.v)
		}
	}
	return nil
}

// Layer is one decoder layer: its attention, its FFN and the formats they use.
type Layer struct {
	Attention Attention      `json:"attention"`
	FFN       FFN            `json:"ffn"`
	Precision LayerPrecision `json:"precision"`
}

// Label names the layer's kind, such as "mfa/moe" or "gqa-chunked8192/dense".
func (l Layer) Label() string { return l.Attention.Label() + "/" + l.FFN.Label() }

// Validate reports the first part of the layer that is not usable.
func (l Layer) Validate() error {
	if err := l.Attention.Validate(); err != nil {
		return err
	}
	if err := l.FFN.Validate(); err != nil {
		return err
	}
	return l.Precision.Validate()
}

// LayerKind is a set of identical layers of a model: one Layer and the indices (0-based) of
// the layers that are exactly like it.
type LayerKind struct {
	// Name is the layer's Label, made unique within the model if two kinds share a label
	// (for instance the same attention with different cache precision).
	Name string `json:"name"`
	// Layer is the layer every layer of the kind is equal to.
	Layer Layer `json:"layer"`
	// Indices are the 0-based positions of those layers in Model.Layers, ascending.
	Indices []int `json:"indices"`
}

// Count is the number of layers of this kind.
func (k LayerKind) Count() int { return len(k.Indices) }
