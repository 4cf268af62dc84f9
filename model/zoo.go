package model

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/decost/decost/precision"
)

// ReportIDs returns the ids of the Step-3 report's nine models, in the report's order. Each
// call returns a fresh slice.
func ReportIDs() []string {
	return []string{
		"deepseek-v3", "kimi-k2", "qwen3-235b-a22b", "qwen3-32b", "llama4-maverick",
		"minimax-m1", "ernie4.5-300b-a47b", "pangu-pro-moe", "step3",
	}
}

// builders makes each built-in model afresh, so that callers may change what they get.
// MaxContext is each model's config.json max_position_embeddings (the same files as
// testdata/configs); pangu-pro-moe has none, so no context warning for it.
var builders = map[string]func() *Model{
	"step3":              step3,
	"deepseek-v3":        deepseekV3,
	"kimi-k2":            kimiK2,
	"qwen3-235b-a22b":    qwen3MoE235,
	"qwen3-32b":          qwen332,
	"llama4-maverick":    llama4Maverick,
	"minimax-m1":         minimaxM1,
	"ernie4.5-300b-a47b": ernie,
	"pangu-pro-moe":      pangu,
	"qwen3-30b-a3b":      qwen3MoE30,
	"qwen3-8b":           qwen38,
	"gpt-oss-120b":       gptOSS,
	"glm-4.5":            glm45,
	"minimax-m2":         minimaxM2,
	"llama3.1-70b":       llama3170,
	"llama3.1-405b":      llama31405,
	"qwen3-next-80b-a3b": qwen3Next,
	"deepseek-v3.2":      deepseekV32,
	"glm-5.2":            glm52,
	"qwen3.5-35b-a3b":    qwen35MoE35,
}

// BuiltinIDs lists the ids of every built-in model: the report's nine first, in its order,
// then the others alphabetically.
func BuiltinIDs() []string {
	ids := ReportIDs()
	var more []string
	for id := range builders {
		if !slices.Contains(ids, id) {
			more = append(more, id)
		}
	}
	sort.Strings(more)
	return append(ids, more...)
}

// Builtin returns a fresh copy of the built-in model with the given id.
func Builtin(id string) (*Model, error) {
	b, ok := builders[id]
	if !ok {
		return nil, fmt.Errorf("unknown model %q (built-in: %s)", id, strings.Join(BuiltinIDs(), ", "))
	}
	return b(), nil
}

// stack builds n layers, layer i from f(i).
func stack(n int, f func(i int) Layer) []Layer {
	ls := make([]Layer, n)
	for i := range ls {
		ls[i] = f(i)
	}
	return ls
}

// same builds n full-FP8 layers, all of attention a and FFN f.
func same(n int, a Attention, f FFN) []Layer {
	return stack(n, func(int) Layer { return Layer{Attention: a, FFN: f, Precision: FullFP8()} })
}

// denseThenMoE is a stack whose first DenseLayers layers have a dense FFN and the others a
// MoE (DeepSeek's first_k_dense_replace, ERNIE's moe_layer_start_index), all full FP8.
type denseThenMoE struct {
	Layers, DenseLayers int
	Attention           Attention
	Dense, MoE          FFN
}

func (s denseThenMoE) layers() []Layer {
	return stack(s.Layers, func(i int) Layer {
		if i < s.DenseLayers {
			return Layer{Attention: s.Attention, FFN: s.Dense, Precision: FullFP8()}
		}
		return Layer{Attention: s.Attention, FFN: s.MoE, Precision: FullFP8()}
	})
}

// withCache returns the full-FP8 profile with the KV cache in format f.
func withCache(f precision.Format) LayerPrecision {
	p := FullFP8()
	p.Cache = f
	return p
}

func step3() *Model {
	attn := Attention{Kind: MFA, Heads: 64, KVHeads: 1, HeadDim: 256, QueryRank: 2048}
	moe := FFN{Kind: MoE, Experts: 48, TopK: 3, ExpertWidth: 5120, SharedExperts: 1}
	dense := FFN{Kind: Dense, Width: 18432}
	return &Model{
		ID: "step3", Name: "Step-3", Hidden: 7168, Vocab: 128815, MaxContext: 65536, InReport: true,
		Source: "Step-3 report §2 and its config.json (step3v text_config)",
		Quoted: QuotedParams{Total: 316e9, Activated: 38e9},
		Layers: stack(61, func(i int) Layer {
			if i >= 4 && i <= 59 {
				return Layer{Attention: attn, FFN: moe, Precision: FullFP8()}
			}
			return Layer{Attention: attn, FFN: dense, Precision: FullFP8()}
		}),
	}
}

// deepseekV3Family is what DeepSeek-V3 and Kimi K2 share: the MLA shape, 61 layers of
// hidden 7168, a dense FFN of 18432 in the first layers and 8 routed experts of 2048 plus
// one shared expert in the others.
type deepseekV3Family struct {
	ID, Name                     string
	Heads, DenseLayers           int
	Experts, Vocab               int
	MaxContext                   int
	TotalParams, ActivatedParams float64
}

func (f deepseekV3Family) model() *Model {
	attn := Attention{Kind: MLA, Heads: f.Heads, QueryRank: 1536, KVRank: 512, RopeDim: 64, NopeDim: 128, ValueDim: 128}
	return &Model{
		ID: f.ID, Name: f.Name, Hidden: 7168, Vocab: f.Vocab, MaxContext: f.MaxContext, InReport: true,
		Source: "Step-3 report Table 1 and the model's config.json (DeepseekV3ForCausalLM)",
		Quoted: QuotedParams{Total: f.TotalParams, Activated: f.ActivatedParams},
		Layers: denseThenMoE{
			Layers: 61, DenseLayers: f.DenseLayers, Attention: attn,
			Dense: FFN{Kind: Dense, Width: 18432},
			MoE:   FFN{Kind: MoE, Experts: f.Experts, TopK: 8, ExpertWidth: 2048, SharedExperts: 1},
		}.layers(),
	}
}

func deepseekV3() *Model {
	m := deepseekV3Family{
		ID: "deepseek-v3", Name: "DeepSeek-V3",
		Heads: 128, DenseLayers: 3, Experts: 256, Vocab: 129280, MaxContext: 163840,
		TotalParams: 671e9, ActivatedParams: 37e9,
	}.model()
	m.MTPLayers = 1 // config.json num_nextn_predict_layers
	return m
}

func kimiK2() *Model {
	return deepseekV3Family{
		ID: "kimi-k2", Name: "Kimi K2",
		Heads: 64, DenseLayers: 1, Experts: 384, Vocab: 163840, MaxContext: 131072,
		TotalParams: 1e12, ActivatedParams: 32e9,
	}.model()
}

func qwen3MoE235() *Model {
	return &Model{
		ID: "qwen3-235b-a22b", Name: "Qwen3-235B-A22B", Hidden: 4096, Vocab: 151936, MaxContext: 40960, InReport: true,
		Source: "Step-3 report Table 1 and config.json (Qwen3MoeForCausalLM)",
		Quoted: QuotedParams{Total: 235e9, Activated: 22e9},
		Layers: same(94,
			Attention{Kind: GQA, Heads: 64, KVHeads: 4, HeadDim: 128, QKNorm: true},
			FFN{Kind: MoE, Experts: 128, TopK: 8, ExpertWidth: 1536}),
	}
}

func qwen332() *Model {
	return &Model{
		ID: "qwen3-32b", Name: "Qwen3-32B", Hidden: 5120, Vocab: 151936, MaxContext: 40960, InReport: true,
		Source: "Step-3 report Table 1 and config.json (Qwen3ForCausalLM)",
		Quoted: QuotedParams{Total: 32e9, Activated: 32e9},
		Layers: same(64,
			Attention{Kind: GQA, Heads: 64, KVHeads: 8, HeadDim: 128, QKNorm: true},
			FFN{Kind: Dense, Width: 25600}),
	}
}

// llama4Maverick: every 4th layer (3, 7, …, 47) is global attention with a BF16 cache; the
// others are chunked to 8192 tokens with an FP8 cache. Every other layer (1, 3, …) is MoE.
func llama4Maverick() *Model {
	return &Model{
		ID: "llama4-maverick", Name: "Llama 4 Maverick", Hidden: 5120, Vocab: 202048, MaxContext: 1048576, InReport: true,
		Source: "Step-3 report Table 1 and config.json (Llama4ForConditionalGeneration text_config)",
		Quoted: QuotedParams{Total: 400e9, Activated: 17e9},
		Layers: stack(48, func(i int) Layer {
			l := Layer{
				Attention: Attention{Kind: GQA, Heads: 40, KVHeads: 8, HeadDim: 128},
				FFN:       FFN{Kind: Dense, Width: 16384},
				Precision: FullFP8(),
			}
			if i%4 == 3 {
				l.Precision = withCache(precision.BF16)
			} else {
				l.Attention.Window, l.Attention.Chunked = 8192, true
			}
			if i%2 == 1 {
				l.FFN = FFN{Kind: MoE, Experts: 128, TopK: 1, ExpertWidth: 8192, SharedExperts: 1}
			}
			return l
		}),
	}
}

// minimaxM1: every 8th layer (7, 15, …, 79) is softmax GQA with a BF16 cache; the other 70
// are Lightning linear attention with an FP32 state.
func minimaxM1() *Model {
	moe := FFN{Kind: MoE, Experts: 32, TopK: 2, ExpertWidth: 9216}
	return &Model{
		ID: "minimax-m1", Name: "MiniMax-M1", Hidden: 6144, Vocab: 200064, MaxContext: 10240000, InReport: true,
		Source: "Step-3 report Table 1 and config.json (MiniMaxM1ForCausalLM)",
		Quoted: QuotedParams{Total: 456e9, Activated: 46e9},
		Layers: stack(80, func(i int) Layer {
			if i%8 == 7 {
				return Layer{
					Attention: Attention{Kind: GQA, Heads: 64, KVHeads: 8, HeadDim: 128},
					FFN:       moe, Precision: withCache(precision.BF16),
				}
			}
			return Layer{Attention: Attention{Kind: Linear, Heads: 64, HeadDim: 128}, FFN: moe, Precision: FullFP8()}
		}),
	}
}

func ernie() *Model {
	return &Model{
		ID: "ernie4.5-300b-a47b", Name: "ERNIE 4.5 300B-A47B", Hidden: 8192, Vocab: 103424, MaxContext: 131072, InReport: true,
		Source: "Step-3 report Table 1 and config.json (Ernie4_5_MoeForCausalLM)",
		Quoted: QuotedParams{Total: 300e9, Activated: 47e9},
		Layers: denseThenMoE{
			Layers: 54, DenseLayers: 3,
			Attention: Attention{Kind: GQA, Heads: 64, KVHeads: 8, HeadDim: 128},
			Dense:     FFN{Kind: Dense, Width: 28672},
			MoE:       FFN{Kind: MoE, Experts: 64, TopK: 8, ExpertWidth: 3584},
		}.layers(),
	}
}

func pangu() *Model {
	return &Model{
		ID: "pangu-pro-moe", Name: "Pangu Pro MoE", Hidden: 5120, Vocab: 153376, InReport: true,
		Source: "Step-3 report Table 1 and config.json (PanguProMoE)",
		Quoted: QuotedParams{Total: 72e9, Activated: 16.5e9},
		Layers: same(48,
			Attention{Kind: GQA, Heads: 40, KVHeads: 8, HeadDim: 128},
			FFN{Kind: MoE, Experts: 64, TopK: 8, ExpertWidth: 1344, SharedExperts: 4}),
	}
}

func qwen3MoE30() *Model {
	return &Model{
		ID: "qwen3-30b-a3b", Name: "Qwen3-30B-A3B", Hidden: 2048, Vocab: 151936, MaxContext: 40960,
		Source: "config.json (Qwen3MoeForCausalLM); full-FP8 profile as for the report's models",
		Quoted: QuotedParams{Total: 30.5e9, Activated: 3.3e9},
		Layers: same(48,
			Attention{Kind: GQA, Heads: 32, KVHeads: 4, HeadDim: 128, QKNorm: true},
			FFN{Kind: MoE, Experts: 128, TopK: 8, ExpertWidth: 768}),
	}
}

// qwen38 is the dense Qwen3-8B of the H20 decode anchor (testdata/anchors).
func qwen38() *Model {
	return &Model{
		ID: "qwen3-8b", Name: "Qwen3-8B", Hidden: 4096, Vocab: 151936, MaxContext: 40960,
		Source: "config.json (Qwen3ForCausalLM); full-FP8 profile as for the report's models",
		Quoted: QuotedParams{Total: 8.2e9, Activated: 8.2e9},
		Layers: same(36,
			Attention{Kind: GQA, Heads: 32, KVHeads: 8, HeadDim: 128, QKNorm: true},
			FFN{Kind: Dense, Width: 12288}),
	}
}

// gptOSS: even layers use a 128-token sliding window, odd layers full attention.
func gptOSS() *Model {
	return &Model{
		ID: "gpt-oss-120b", Name: "gpt-oss-120b", Hidden: 2880, Vocab: 201088, MaxContext: 131072,
		Source: "config.json (GptOssForCausalLM); full-FP8 profile (the release stores experts in MXFP4)",
		Quoted: QuotedParams{Total: 117e9, Activated: 5.1e9},
		Layers: stack(36, func(i int) Layer {
			a := Attention{Kind: GQA, Heads: 64, KVHeads: 8, HeadDim: 64}
			if i%2 == 0 {
				a.Window = 128
			}
			return Layer{Attention: a, FFN: FFN{Kind: MoE, Experts: 128, TopK: 4, ExpertWidth: 2880}, Precision: FullFP8()}
		}),
	}
}

func glm45() *Model {
	return &Model{
		ID: "glm-4.5", Name: "GLM-4.5", Hidden: 5120, Vocab: 151552, MaxContext: 131072,
		Source: "config.json (Glm4MoeForCausalLM); full-FP8 profile",
		Quoted: QuotedParams{Total: 355e9, Activated: 32e9},
		Layers: denseThenMoE{
			Layers: 92, DenseLayers: 3,
			Attention: Attention{Kind: GQA, Heads: 96, KVHeads: 8, HeadDim: 128, QKNorm: true},
			Dense:     FFN{Kind: Dense, Width: 12288},
			MoE:       FFN{Kind: MoE, Experts: 160, TopK: 8, ExpertWidth: 1536, SharedExperts: 1},
		}.layers(),
	}
}

func minimaxM2() *Model {
	return &Model{
		ID: "minimax-m2", Name: "MiniMax-M2", Hidden: 3072, Vocab: 200064, MaxContext: 196608,
		Source: "config.json (MiniMaxM2ForCausalLM); full-FP8 profile",
		Quoted: QuotedParams{Total: 230e9, Activated: 10e9},
		Layers: same(62,
			Attention{Kind: GQA, Heads: 48, KVHeads: 8, HeadDim: 128, QKNorm: true},
			FFN{Kind: MoE, Experts: 256, TopK: 8, ExpertWidth: 1536}),
	}
}

// llama31Family is what the Llama 3.1 models share: GQA with 8 KV heads of 128, a dense
// FFN, a 128256-token vocabulary and a 131072-token context.
type llama31Family struct {
	ID, Name                        string
	Layers, Hidden, Heads, FFNWidth int
	TotalParams                     float64
}

func (f llama31Family) model() *Model {
	return &Model{
		ID: f.ID, Name: f.Name, Hidden: f.Hidden, Vocab: 128256, MaxContext: 131072,
		Source: "config.json (LlamaForCausalLM); full-FP8 profile",
		Quoted: QuotedParams{Total: f.TotalParams, Activated: f.TotalParams},
		Layers: same(f.Layers,
			Attention{Kind: GQA, Heads: f.Heads, KVHeads: 8, HeadDim: 128},
			FFN{Kind: Dense, Width: f.FFNWidth}),
	}
}

func llama3170() *Model {
	return llama31Family{
		ID: "llama3.1-70b", Name: "Llama 3.1 70B",
		Layers: 80, Hidden: 8192, Heads: 64, FFNWidth: 28672, TotalParams: 70.6e9,
	}.model()
}

func llama31405() *Model {
	return llama31Family{
		ID: "llama3.1-405b", Name: "Llama 3.1 405B",
		Layers: 126, Hidden: 16384, Heads: 128, FFNWidth: 53248, TotalParams: 405e9,
	}.model()
}

// qwen3Next: every 4th layer (3, 7, …) is gated GQA (16 query heads, 2 KV heads of 256);
// the other 36 are Gated DeltaNet with 16 query/key heads and 32 value heads of 128. The
// attention output gate of the GQA layers is left out. Dimensions not confirmed from the
// vendor's own file are marked [?] (docs/design.md §zoo).
func qwen3Next() *Model {
	return &Model{
		ID: "qwen3-next-80b-a3b", Name: "Qwen3-Next-80B-A3B [?]", Hidden: 2048, Vocab: 151936, MaxContext: 262144,
		Source: "public config, not confirmed from the vendor's own file [?]; full-FP8 profile",
		Quoted: QuotedParams{Total: 80e9, Activated: 3e9},
		Layers: qwenHybrid{
			Layers: 48, FullEvery: 4,
			Full:   Attention{Kind: GQA, Heads: 16, KVHeads: 2, HeadDim: 256, OutputGate: true, QKNorm: true},
			Linear: Attention{Kind: GatedDeltaNet, Heads: 32, KVHeads: 16, HeadDim: 128, ValueDim: 128, ConvKernel: 4},
			FFN:    FFN{Kind: MoE, Experts: 512, TopK: 10, ExpertWidth: 512, SharedExperts: 1},
		}.layers(),
	}
}

// qwenHybrid is Qwen3-Next's and Qwen3.5's layer pattern: every FullEvery-th layer (FullEvery−1,
// 2·FullEvery−1, …) is full (gated GQA) attention, the others Gated DeltaNet; the same MoE
// on every layer; full FP8 with the FP32 recurrent state.
type qwenHybrid struct {
	Layers, FullEvery int
	Full, Linear      Attention
	FFN               FFN
}

func (q qwenHybrid) layers() []Layer {
	return stack(q.Layers, func(i int) Layer {
		if (i+1)%q.FullEvery == 0 {
			return Layer{Attention: q.Full, FFN: q.FFN, Precision: FullFP8()}
		}
		return Layer{Attention: q.Linear, FFN: q.FFN, Precision: FullFP8()}
	})
}

// qwen35MoE35 is Qwen3.5-35B-A3B's language model (Qwen3_5MoeForConditionalGeneration
// text_config): 40 layers, every 4th gated GQA 16/2 of 256, the others Gated DeltaNet 32 value
// heads over 16 key heads of 128; 256 experts top-8 of 512 plus a shared expert of 512. Its
// one MTP layer (mtp_num_hidden_layers) is recorded; its vision encoder is left out.
func qwen35MoE35() *Model {
	return &Model{
		ID: "qwen3.5-35b-a3b", Name: "Qwen3.5-35B-A3B", Hidden: 2048, Vocab: 248320, MaxContext: 262144, MTPLayers: 1,
		Source: "config.json (Qwen3_5MoeForConditionalGeneration text_config; InferSim hf_configs at f2293da); full-FP8 profile",
		Quoted: QuotedParams{Total: 35e9, Activated: 3e9},
		Layers: qwenHybrid{
			Layers: 40, FullEvery: 4,
			Full:   Attention{Kind: GQA, Heads: 16, KVHeads: 2, HeadDim: 256, OutputGate: true, QKNorm: true},
			Linear: Attention{Kind: GatedDeltaNet, Heads: 32, KVHeads: 16, HeadDim: 128, ValueDim: 128, ConvKernel: 4},
			FFN:    FFN{Kind: MoE, Experts: 256, TopK: 8, ExpertWidth: 512, SharedExperts: 1},
		}.layers(),
	}
}

// deepseekV32 is DeepSeek-V3 with DeepSeek Sparse Attention on every layer: a lightning
// indexer of 64 heads × 128 over FP8 index keys picks the 2048 tokens the MLA core attends.
func deepseekV32() *Model {
	m := deepseekV3()
	m.ID, m.Name, m.InReport = "deepseek-v3.2", "DeepSeek-V3.2", false
	m.Source = "config.json (DeepseekV32ForCausalLM); DeepSeek-V3's dimensions plus the indexer; full-FP8 profile"
	for i := range m.Layers {
		a := &m.Layers[i].Attention
		a.Kind, a.IndexHeads, a.IndexHeadDim, a.IndexTopK = MLADSA, 64, 128, 2048
	}
	return m
}

// glm52 is GLM-5.2 (GlmMoeDsaForCausalLM): 78 layers of MLA (64 heads, q_lora 2048, kv_lora
// 512, rope 64, nope 192, v 256) with DeepSeek Sparse Attention whose indexer (32 heads × 128,
// top-2048) runs in full on layers 0–2 and then every 4th (6, 10, …, 74) and is shared (its
// top-k reused) on the other 57; 3 dense layers of 12288, then 256 experts top-8 of 2048 plus
// one shared. Quoted parameters are GLM-5's published 744B total / 40B active [?]: GLM-5.2's
// own figures are not in its config.
func glm52() *Model {
	full := Attention{Kind: MLADSA, Heads: 64, QueryRank: 2048, KVRank: 512, RopeDim: 64, NopeDim: 192, ValueDim: 256,
		IndexHeads: 32, IndexHeadDim: 128, IndexTopK: 2048}
	shared := full.WithSharedIndex()
	dense := FFN{Kind: Dense, Width: 12288}
	moe := FFN{Kind: MoE, Experts: 256, TopK: 8, ExpertWidth: 2048, SharedExperts: 1}
	types := glmIndexerTypes(78, 4, 3)
	return &Model{
		ID: "glm-5.2", Name: "GLM-5.2", Hidden: 6144, Vocab: 154880, MaxContext: 1048576, MTPLayers: 1,
		Source: "config.json (GlmMoeDsaForCausalLM); quoted parameters are GLM-5's [?]; full-FP8 profile",
		Quoted: QuotedParams{Total: 744e9, Activated: 40e9},
		Layers: stack(78, func(i int) Layer {
			l := Layer{Attention: full, FFN: moe, Precision: FullFP8()}
			if types[i] == "shared" {
				l.Attention = shared
			}
			if i < 3 {
				l.FFN = dense
			}
			return l
		}),
	}
}
