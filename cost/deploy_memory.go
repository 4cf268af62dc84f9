package cost

import (
	"math"

	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
)

// EmbeddingBytesPerWeight is the format of the input embedding and the LM head in memory:
// BF16, 2 bytes, as FP8 checkpoints (DeepSeek-V3, Step-3) keep them.
const EmbeddingBytesPerWeight = 2

// KVBytesPerSequence is the device memory one sequence at context C holds in the layers
// of kinds: the sum of their Layer.CacheBytes (the KV cache of the tokens each keeps — all C
// for DeepSeek Sparse Attention, whose index keys are included — plus a recurrent layer's
// state once).
func KVBytesPerSequence(kinds []model.LayerKind, context int) float64 {
	var b float64
	for _, k := range kinds {
		b += k.Layer.CacheBytes(context) * float64(k.Count())
	}
	return b
}

// AttentionWeightBytes is what every attention GPU holds besides KV cache (data-parallel
// attention keeps a full copy): all layers' attention projections in their weight format,
// the MoE routers in BF16, and the input embedding and LM head (once if tied) in BF16 —
// decost places the embedding and the LM head on the attention side.
func AttentionWeightBytes(m *model.Model, kinds []model.LayerKind) float64 {
	var b float64
	for _, k := range kinds {
		l := k.Layer
		per := (l.Attention.LinearWeights(m.Hidden)+l.Attention.ConvWeights())*l.Precision.Weights.Bytes() +
			l.FFN.RouterWeights(m.Hidden)*precision.BF16.Bytes()
		b += per * float64(k.Count())
	}
	return b + m.EmbeddingWeights()*EmbeddingBytesPerWeight
}

// FFNWeightBytesPerGPU is what one GPU of an FFN pool of poolGPUs GPUs holds of the FFN
// weights of the layers of kinds: per MoE layer ⌈E/poolGPUs⌉ routed experts (the busiest
// GPU) and all shared experts; per dense layer the dense FFN split by tensor parallelism
// over denseGPUs GPUs (1: a whole copy). Weights in the layers' weight format.
func FFNWeightBytesPerGPU(m *model.Model, kinds []model.LayerKind, poolGPUs, denseGPUs int) float64 {
	var b float64
	for _, k := range kinds {
		f := k.Layer.FFN
		w := k.Layer.Precision.Weights.Bytes()
		var per float64
		if f.Kind == model.Dense {
			per = f.TotalWeights(m.Hidden) / float64(denseGPUs) * w
		} else {
			// The GPU's share is an MoE of ⌈E/poolGPUs⌉ routed experts and all shared ones.
			shard := f
			shard.Experts = int(math.Ceil(float64(f.Experts) / float64(poolGPUs)))
			per = shard.TotalWeights(m.Hidden) * w
		}
		b += per * float64(k.Count())
	}
	return b
}
