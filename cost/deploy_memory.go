package cost

import (
	"math"

	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
)

// EmbeddingFormat is the format of the input embedding and the LM head in memory, BF16 (2
// bytes a weight), as FP8 checkpoints (DeepSeek-V3, Step-3) keep them; it is also the LM
// head's serving format when ServingPrecision.LMHead is empty.
const EmbeddingFormat = precision.BF16

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

// layerWeights is what one layer holds in device memory, in bytes, in the given formats: its
// attention (projections and Gated DeltaNet's convolution in attn, the MoE router in BF16),
// one routed expert (experts), all shared experts and a whole dense FFN (dense). The one
// home of the deployment's weight memory: AttentionWeightBytes, FFNWeightBytesPerGPU and the
// deployment engine use it.
type layerWeights struct {
	attention, routedPerExpert, shared, dense float64
}

func weightsOf(l model.Layer, hidden int, attn, experts, dense precision.Format) layerWeights {
	f := l.FFN
	w := layerWeights{attention: (l.Attention.LinearWeights(hidden)+l.Attention.ConvWeights())*attn.Bytes() +
		f.RouterWeights(hidden)*RouterFormat.Bytes()}
	if f.Kind == model.Dense {
		w.dense = f.TotalWeights(hidden) * dense.Bytes()
		return w
	}
	one := f
	one.Experts, one.SharedExperts = 1, 0
	w.routedPerExpert = one.TotalWeights(hidden) * experts.Bytes()
	shared := f
	shared.Experts = 0
	w.shared = shared.TotalWeights(hidden) * dense.Bytes()
	return w
}

// ffnPerGPU is the FFN weights one GPU holds of one layer: ⌈experts/poolGPUs⌉ routed experts
// (the busiest GPU) and all shared experts, or 1/denseGPUs of a dense FFN.
func (w layerWeights) ffnPerGPU(experts, poolGPUs int, denseGPUs float64) float64 {
	if w.dense > 0 {
		return w.dense / denseGPUs
	}
	return math.Ceil(float64(experts)/float64(poolGPUs))*w.routedPerExpert + w.shared
}

// AttentionWeightBytes is what every attention GPU holds besides KV cache (data-parallel
// attention keeps a full copy): all layers' attention projections in their weight format,
// the MoE routers in BF16, and the input embedding and LM head (once if tied) in BF16 —
// decost places the embedding and the LM head on the attention side.
func AttentionWeightBytes(m *model.Model, kinds []model.LayerKind) float64 {
	var b float64
	for _, k := range kinds {
		p := k.Layer.Precision.Weights
		b += weightsOf(k.Layer, m.Hidden, p, p, p).attention * float64(k.Count())
	}
	return b + m.EmbeddingWeights()*EmbeddingFormat.Bytes()
}

// FFNWeightBytesPerGPU is what one GPU of an FFN pool of poolGPUs GPUs holds of the FFN
// weights of the layers of kinds: per MoE layer ⌈E/poolGPUs⌉ routed experts (the busiest
// GPU) and all shared experts; per dense layer the dense FFN split by tensor parallelism
// over denseGPUs GPUs (1: a whole copy). Weights in the layers' weight format.
func FFNWeightBytesPerGPU(m *model.Model, kinds []model.LayerKind, poolGPUs, denseGPUs int) float64 {
	var b float64
	for _, k := range kinds {
		p := k.Layer.Precision.Weights
		b += weightsOf(k.Layer, m.Hidden, p, p, p).ffnPerGPU(k.Layer.FFN.Experts, poolGPUs, float64(denseGPUs)) * float64(k.Count())
	}
	return b
}
