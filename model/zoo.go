package model

import (
	"fmt"
	"sort"
	"strings"

	"github.com/decost/decost/precision"
)

// ReportIDs are the ids of the Step-3 report's nine models, in the report's order.
var ReportIDs = []string{
	"deepseek-v3", "kimi-k2", "qwen3-235b-a22b", "qwen3-32b", "llama4-maverick",
	"minimax-m1", "ernie4.5-300b-a47b", "pangu-pro-moe", "step3",
}

// builders makes each built-in model afresh, so that callers may change what they get.
// MaxContext is each model's config.json max_position_embeddings (the same files as
// testdata/configs); pangu-pro-moe has none, so no context warning for it.
var builders = map[string]func() *Model{
	"step3": step3,
	"deepseek-v3": func() *Model {
		return deepseekMLA("deepseek-v3", "DeepSeek-V3", 128, 3, 256, 129280, 163840, 671e9, 37e9)
	},
	"kimi-k2":            func() *Model { return deepseekMLA("kimi-k2", "Kimi K2", 64, 1, 384, 163840, 131072, 1e12, 32e9) },
	"qwen3-235b-a22b":    qwen3MoE235,
	"qwen3-32b":          qwen332,
	"llama4-maverick":    llama4Maverick,
	"minimax-m1":         minimaxM1,
	"ernie4.5-300b-a47b": ernie,
	"pangu-pro-moe":      pangu,
	"qwen3-30b-a3b":      qwen3MoE30,
	"gpt-oss-120b":       gptOSS,
	"glm-4.5":            glm45,
	"minimax-m2":         minimaxM2,
	"llama3.1-70b":       func() *Model { return llama31("llama3.1-70b", "Llama 3.1 70B", 80, 8192, 64, 28672, 70.6e9) },
	"llama3.1-405b":      func() *Model { return llama31("llama3.1-405b", "Llama 3.1 405B", 126, 16384, 128, 53248, 405e9) },
	"qwen3-next-80b-a3b": qwen3Next,
}

// BuiltinIDs lists the ids of every built-in model: the report's nine first, in its order,
// then the others alphabetically.
func BuiltinIDs() []string {
	ids := append([]string(nil), ReportIDs...)
	var more []string
	for id := range builders {
		if !contains(ReportIDs, id) {
			more = append(more, id)
		}
	}
	sort.Strings(more)
	return append(ids, more...)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
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

// denseFirst builds n full-FP8 layers of attention a: the first k with the dense FFN d, the
// others with the MoE m (DeepSeek's first_k_dense_replace, ERNIE's moe_layer_start_index).
func denseFirst(n, k int, a Attention, d, m FFN) []Layer {
	return stack(n, func(i int) Layer {
		if i < k {
			return Layer{a, d, FullFP8}
		}
		return Layer{a, m, FullFP8}
	})
}

func gqa(q, kv, d int) Attention { return Attention{Kind: GQA, Heads: q, KVHeads: kv, HeadDim: d} }

func dense(width int) FFN { return FFN{Kind: Dense, Width: width} }

func moe(experts, topK, width, shared int) FFN {
	return FFN{Kind: MoE, Experts: experts, TopK: topK, ExpertWidth: width, SharedExperts: shared}
}

// withCache returns the full-FP8 profile with the KV cache in format f.
func withCache(f precision.Format) LayerPrecision {
	p := FullFP8
	p.Cache = f
	return p
}

func step3() *Model {
	attn := Attention{Kind: MFA, Heads: 64, KVHeads: 1, HeadDim: 256, QueryRank: 2048}
	return &Model{
		ID: "step3", Name: "Step-3", Hidden: 7168, Vocab: 128815, MaxContext: 65536, InReport: true,
		Source: "Step-3 report §2 and its config.json (step3v text_config)",
		Quoted: QuotedParams{Total: 316e9, Activated: 38e9},
		Layers: stack(61, func(i int) Layer {
			if i >= 4 && i <= 59 {
				return Layer{attn, moe(48, 3, 5120, 1), FullFP8}
			}
			return Layer{attn, dense(18432), FullFP8}
		}),
	}
}

// deepseekMLA builds DeepSeek-V3 and Kimi K2, which differ in heads, dense layers, experts
// and vocabulary.
func deepseekMLA(id, name string, heads, denseLayers, experts, vocab, maxContext int, total, activated float64) *Model {
	attn := Attention{Kind: MLA, Heads: heads, QueryRank: 1536, KVRank: 512, RopeDim: 64, NopeDim: 128, ValueDim: 128}
	return &Model{
		ID: id, Name: name, Hidden: 7168, Vocab: vocab, MaxContext: maxContext, InReport: true,
		Source: "Step-3 report Table 1 and the model's config.json (DeepseekV3ForCausalLM)",
		Quoted: QuotedParams{Total: total, Activated: activated},
		Layers: denseFirst(61, denseLayers, attn, dense(18432), moe(experts, 8, 2048, 1)),
	}
}

func qwen3MoE235() *Model {
	return &Model{
		ID: "qwen3-235b-a22b", Name: "Qwen3-235B-A22B", Hidden: 4096, Vocab: 151936, MaxContext: 40960, InReport: true,
		Source: "Step-3 report Table 1 and config.json (Qwen3MoeForCausalLM)",
		Quoted: QuotedParams{Total: 235e9, Activated: 22e9},
		Layers: stack(94, func(int) Layer { return Layer{gqa(64, 4, 128), moe(128, 8, 1536, 0), FullFP8} }),
	}
}

func qwen332() *Model {
	return &Model{
		ID: "qwen3-32b", Name: "Qwen3-32B", Hidden: 5120, Vocab: 151936, MaxContext: 40960, InReport: true,
		Source: "Step-3 report Table 1 and config.json (Qwen3ForCausalLM)",
		Quoted: QuotedParams{Total: 32e9, Activated: 32e9},
		Layers: stack(64, func(int) Layer { return Layer{gqa(64, 8, 128), dense(25600), FullFP8} }),
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
			l := Layer{Attention: gqa(40, 8, 128), FFN: dense(16384), Precision: FullFP8}
			if i%4 == 3 {
				l.Precision = withCache(precision.BF16)
			} else {
				l.Attention.Window, l.Attention.Chunked = 8192, true
			}
			if i%2 == 1 {
				l.FFN = moe(128, 1, 8192, 1)
			}
			return l
		}),
	}
}

// minimaxM1: every 8th layer (7, 15, …, 79) is softmax GQA with a BF16 cache; the other 70
// are Lightning linear attention with an FP32 state.
func minimaxM1() *Model {
	return &Model{
		ID: "minimax-m1", Name: "MiniMax-M1", Hidden: 6144, Vocab: 200064, MaxContext: 10240000, InReport: true,
		Source: "Step-3 report Table 1 and config.json (MiniMaxM1ForCausalLM)",
		Quoted: QuotedParams{Total: 456e9, Activated: 46e9},
		Layers: stack(80, func(i int) Layer {
			if i%8 == 7 {
				return Layer{gqa(64, 8, 128), moe(32, 2, 9216, 0), withCache(precision.BF16)}
			}
			return Layer{Attention{Kind: Linear, Heads: 64, HeadDim: 128}, moe(32, 2, 9216, 0), FullFP8}
		}),
	}
}

func ernie() *Model {
	return &Model{
		ID: "ernie4.5-300b-a47b", Name: "ERNIE 4.5 300B-A47B", Hidden: 8192, Vocab: 103424, MaxContext: 131072, InReport: true,
		Source: "Step-3 report Table 1 and config.json (Ernie4_5_MoeForCausalLM)",
		Quoted: QuotedParams{Total: 300e9, Activated: 47e9},
		Layers: denseFirst(54, 3, gqa(64, 8, 128), dense(28672), moe(64, 8, 3584, 0)),
	}
}

func pangu() *Model {
	return &Model{
		ID: "pangu-pro-moe", Name: "Pangu Pro MoE", Hidden: 5120, Vocab: 153376, InReport: true,
		Source: "Step-3 report Table 1 and config.json (PanguProMoE)",
		Quoted: QuotedParams{Total: 72e9, Activated: 16.5e9},
		Layers: stack(48, func(int) Layer { return Layer{gqa(40, 8, 128), moe(64, 8, 1344, 4), FullFP8} }),
	}
}

func qwen3MoE30() *Model {
	return &Model{
		ID: "qwen3-30b-a3b", Name: "Qwen3-30B-A3B", Hidden: 2048, Vocab: 151936, MaxContext: 40960,
		Source: "config.json (Qwen3MoeForCausalLM); full-FP8 profile as for the report's models",
		Quoted: QuotedParams{Total: 30.5e9, Activated: 3.3e9},
		Layers: stack(48, func(int) Layer { return Layer{gqa(32, 4, 128), moe(128, 8, 768, 0), FullFP8} }),
	}
}

// gptOSS: even layers use a 128-token sliding window, odd layers full attention.
func gptOSS() *Model {
	return &Model{
		ID: "gpt-oss-120b", Name: "gpt-oss-120b", Hidden: 2880, Vocab: 201088, MaxContext: 131072,
		Source: "config.json (GptOssForCausalLM); full-FP8 profile (the release stores experts in MXFP4)",
		Quoted: QuotedParams{Total: 117e9, Activated: 5.1e9},
		Layers: stack(36, func(i int) Layer {
			a := gqa(64, 8, 64)
			if i%2 == 0 {
				a.Window = 128
			}
			return Layer{a, moe(128, 4, 2880, 0), FullFP8}
		}),
	}
}

func glm45() *Model {
	return &Model{
		ID: "glm-4.5", Name: "GLM-4.5", Hidden: 5120, Vocab: 151552, MaxContext: 131072,
		Source: "config.json (Glm4MoeForCausalLM); full-FP8 profile",
		Quoted: QuotedParams{Total: 355e9, Activated: 32e9},
		Layers: denseFirst(92, 3, gqa(96, 8, 128), dense(12288), moe(160, 8, 1536, 1)),
	}
}

func minimaxM2() *Model {
	return &Model{
		ID: "minimax-m2", Name: "MiniMax-M2", Hidden: 3072, Vocab: 200064, MaxContext: 196608,
		Source: "config.json (MiniMaxM2ForCausalLM); full-FP8 profile",
		Quoted: QuotedParams{Total: 230e9, Activated: 10e9},
		Layers: stack(62, func(int) Layer { return Layer{gqa(48, 8, 128), moe(256, 8, 1536, 0), FullFP8} }),
	}
}

func llama31(id, name string, layers, hidden, heads, width int, total float64) *Model {
	return &Model{
		ID: id, Name: name, Hidden: hidden, Vocab: 128256, MaxContext: 131072,
		Source: "config.json (LlamaForCausalLM); full-FP8 profile",
		Quoted: QuotedParams{Total: total, Activated: total},
		Layers: stack(layers, func(int) Layer { return Layer{gqa(heads, 8, 128), dense(width), FullFP8} }),
	}
}

// qwen3Next: every 4th layer (3, 7, …) is gated GQA (16 query heads, 2 KV heads of 256);
// the other 36 are Gated DeltaNet with 16 query/key heads and 32 value heads of 128. The
// attention output gate of the GQA layers is left out. Dimensions marked [?] in DESIGN §4.
func qwen3Next() *Model {
	return &Model{
		ID: "qwen3-next-80b-a3b", Name: "Qwen3-Next-80B-A3B [?]", Hidden: 2048, Vocab: 151936, MaxContext: 262144,
		Source: "public config, not confirmed from the vendor's own file [?]; full-FP8 profile",
		Quoted: QuotedParams{Total: 80e9, Activated: 3e9},
		Layers: stack(48, func(i int) Layer {
			f := FFN{Kind: MoE, Experts: 512, TopK: 10, ExpertWidth: 512, SharedExperts: 1}
			if i%4 == 3 {
				return Layer{gqa(16, 2, 256), f, FullFP8}
			}
			return Layer{Attention{Kind: Linear, Heads: 32, KVHeads: 16, HeadDim: 128, ValueDim: 128}, f, FullFP8}
		}),
	}
}
