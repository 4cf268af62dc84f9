package cost

import (
	"testing"

	"github.com/decost/decost/model"
	"github.com/decost/decost/precision"
)

// A toy model of H = 64, vocab 100, tied embeddings: one GQA/dense layer (window 16) and two
// GQA/MoE layers (8 experts of width 32, top-2, one shared expert), FP8 weights and KV.
func TestDeployMemoryByHand(t *testing.T) {
	attn := model.Attention{Kind: model.GQA, Heads: 4, KVHeads: 2, HeadDim: 16}
	win := attn
	win.Window = 16
	moe := model.FFN{Kind: model.MoE, Experts: 8, TopK: 2, ExpertWidth: 32, SharedExperts: 1}
	m := &model.Model{ID: "toy", Hidden: 64, Vocab: 100, TiedEmbeddings: true, Layers: []model.Layer{
		{Attention: win, FFN: model.FFN{Kind: model.Dense, Width: 128}, Precision: model.FullFP8()},
		{Attention: attn, FFN: moe, Precision: model.FullFP8()},
		{Attention: attn, FFN: moe, Precision: model.FullFP8()},
	}}
	kinds := m.Kinds()
	// KV at C = 100: 2·2·16 = 64 elements × 1 B per token; the windowed layer 16 tokens, the
	// two global layers 100: 64·16 + 2·64·100 = 13,824 B per sequence.
	if got := KVBytesPerSequence(kinds, 100); got != 13824 {
		t.Errorf("KV per sequence %v, want 13824", got)
	}
	// Attention weights: q 64×64 + k, v 64×32 + o 64×64 = 12,288 per layer × 3 layers × 1 B;
	// routers 64·8·2 B × 2 MoE layers = 2,048; embedding 100·64 × 2 B, tied: 12,800.
	if got := AttentionWeightBytes(m, kinds); got != 3*12288+2048+12800 {
		t.Errorf("attention weights %v, want %v", got, 3*12288+2048+12800)
	}
	// FFN over 3 GPUs, dense TP over 2: ⌈8/3⌉ = 3 routed + 1 shared expert of 3·64·32 = 6,144
	// B per MoE layer (×2), plus 3·64·128/2 = 12,288 B of the dense layer.
	if got := FFNWeightBytesPerGPU(m, kinds, 3, 2); got != 2*4*6144+12288 {
		t.Errorf("ffn weights per GPU %v, want %v", got, 2*4*6144+12288)
	}
	// BF16 KV through attentionKinds doubles the cache.
	bf, err := attentionKinds(kinds, precision.BF16, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := KVBytesPerSequence(bf, 100); got != 2*13824 {
		t.Errorf("bf16 KV per sequence %v, want %v", got, 2*13824)
	}
}

// The embedding and LM head are held in EmbeddingFormat, BF16's 2 bytes a weight (no second
// constant for it), and the LM head is served in it when the serving precision leaves it empty.
func TestEmbeddingFormatIsOneHome(t *testing.T) {
	if EmbeddingFormat.Bytes() != precision.BF16.Bytes() || EmbeddingFormat.Bytes() != 2 {
		t.Errorf("EmbeddingFormat %v takes %v B, want BF16's 2", EmbeddingFormat, EmbeddingFormat.Bytes())
	}
	if got := (ServingPrecision{}).resolved().LMHead; got != EmbeddingFormat {
		t.Errorf("default LM head format %v, want EmbeddingFormat %v", got, EmbeddingFormat)
	}
	// A model of vocab 100, H 64, untied, no layers: 2·100·64 = 12,800 weights × 2 B.
	m := &model.Model{ID: "toy", Hidden: 64, Vocab: 100}
	if got := AttentionWeightBytes(m, nil); got != 25600 {
		t.Errorf("embedding + LM head bytes %v, want 2·100·64·2 = 25600", got)
	}
}
