package model

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/decost/decost/precision"
)

// configDir is where the sample config.json files live, one directory per model.
const configDir = "../testdata/configs"

// TestHFConfigMatchesBuiltin: the import of each built-in model's config.json has the same
// layers, parameter counts and per-token counts as the zoo entry, at several contexts.
func TestHFConfigMatchesBuiltin(t *testing.T) {
	contexts := []int{1, 100, 128, 4096, 8192, 32768, 131072, 1 << 20}
	for _, tc := range []struct {
		id   string
		arch string
		// bf16Cache: the zoo keeps the report's BF16 cache on some layers, which no
		// config.json says; the import is full FP8, so its KV bytes equal the zoo entry's
		// with an FP8 cache, and every other count equals the zoo entry's as it is.
		bf16Cache bool
	}{
		{"step3", "Step3VLForConditionalGeneration", false},
		{"deepseek-v3", "DeepseekV3ForCausalLM", false},
		{"kimi-k2", "DeepseekV3ForCausalLM", false},
		{"qwen3-235b-a22b", "Qwen3MoeForCausalLM", false},
		{"qwen3-32b", "Qwen3ForCausalLM", false},
		{"llama4-maverick", "Llama4ForConditionalGeneration", true},
		{"minimax-m1", "MiniMaxM1ForCausalLM", true},
		{"ernie4.5-300b-a47b", "Ernie4_5_MoeForCausalLM", false},
		{"qwen3-30b-a3b", "Qwen3MoeForCausalLM", false},
		{"qwen3-8b", "Qwen3ForCausalLM", false},
		{"gpt-oss-120b", "GptOssForCausalLM", false},
		{"glm-4.5", "Glm4MoeForCausalLM", false},
		{"minimax-m2", "MiniMaxM2ForCausalLM", false},
		{"llama3.1-70b", "LlamaForCausalLM", false},
		{"llama3.1-405b", "LlamaForCausalLM", false},
		{"qwen3-next-80b-a3b", "Qwen3NextForCausalLM", false},
		{"deepseek-v3.2", "DeepseekV32ForCausalLM", false},
		{"glm-5.2", "GlmMoeDsaForCausalLM", false},
		{"qwen3.5-35b-a3b", "Qwen3_5MoeForConditionalGeneration", false},
	} {
		t.Run(tc.id, func(t *testing.T) {
			imp, err := ReadHFConfig(filepath.Join(configDir, tc.id))
			if err != nil {
				t.Fatal(err)
			}
			if imp.Architecture != tc.arch || imp.Model.ID != tc.id {
				t.Errorf("architecture %q id %q, want %q %q", imp.Architecture, imp.Model.ID, tc.arch, tc.id)
			}
			want, _ := Builtin(tc.id)
			got := imp.Model
			if got.MaxContext != want.MaxContext {
				t.Errorf("max context %d, built-in %d", got.MaxContext, want.MaxContext)
			}
			if got.MTPLayers != want.MTPLayers {
				t.Errorf("MTP layers %d, built-in %d", got.MTPLayers, want.MTPLayers)
			}
			if got.Hidden != want.Hidden || got.Vocab != want.Vocab || got.TiedEmbeddings != want.TiedEmbeddings || len(got.Layers) != len(want.Layers) {
				t.Fatalf("H %d vocab %d tied %v layers %d; built-in %d %d %v %d", got.Hidden, got.Vocab, got.TiedEmbeddings, len(got.Layers),
					want.Hidden, want.Vocab, want.TiedEmbeddings, len(want.Layers))
			}
			for i := range got.Layers {
				g, w := got.Layers[i], want.Layers[i]
				if g.Attention != w.Attention || g.FFN != w.FFN {
					t.Errorf("layer %d: %+v %+v, built-in %+v %+v", i, g.Attention, g.FFN, w.Attention, w.FFN)
				}
				if g.Precision != FullFP8() {
					t.Errorf("layer %d: precision %+v, want full FP8", i, g.Precision)
				}
			}
			if got.Params() != want.Params() {
				t.Errorf("params %+v, built-in %+v", got.Params(), want.Params())
			}
			if got.Describe() != want.Describe() && !tc.bf16Cache {
				t.Errorf("pattern %q, built-in %q", got.Describe(), want.Describe())
			}
			fp8 := want.WithPrecision(PrecisionOverride{Cache: precision.FP8})
			for _, c := range contexts {
				for _, opt := range []CountOptions{{}, {Router: true, LMHead: true}} {
					g, w := got.CountsAt(c, opt).Total, want.CountsAt(c, opt).Total
					if tc.bf16Cache {
						if g.KVBytes == w.KVBytes && c > 1 {
							t.Errorf("context %d: KV bytes %v equal the BF16-cache built-in's", c, g.KVBytes)
						}
						w.KVBytes = fp8.CountsAt(c, opt).Total.KVBytes
					}
					if g != w {
						t.Errorf("context %d %+v: counts %+v, built-in %+v", c, opt, g, w)
					}
				}
			}
		})
	}
}

// TestHFConfigMixtral: no built-in entry; hand-computed counts.
func TestHFConfigMixtral(t *testing.T) {
	imp, err := ReadHFConfig(filepath.Join(configDir, "mixtral-8x7b", "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	m := imp.Model
	if m.ID != "mixtral-8x7b" || m.Name != "mistralai/Mixtral-8x7B-v0.1" || imp.Model.MaxContext != 32768 {
		t.Errorf("id %q name %q max context %d", m.ID, m.Name, imp.Model.MaxContext)
	}
	if m.Describe() != "32× gqa/moe (0-31)" {
		t.Errorf("pattern %q", m.Describe())
	}
	p := m.Params()
	// Per layer: attention 4096·4096·2 + 4096·1024·2 = 41,943,040; experts 8·3·4096·14336 =
	// 1,409,286,144; router 4096·8 = 32,768 → 1,451,261,952 × 32 = 46,440,382,464.
	// Activated: 41,943,040 + 2·176,160,768 + 32,768 = 394,297,344 × 32 = 12,617,515,008.
	// Embeddings: 2 · 32000 · 4096 = 262,144,000 (46.7B and 12.9B with them, as Mistral quotes).
	if p.Total != 46440382464 || p.Activated != 12617515008 || p.Embedding != 262144000 {
		t.Errorf("params %+v", p)
	}
	// KV at 8192 in FP8: 32 layers · 2·8·128 elements · 8192 tokens = 536,870,912 bytes.
	// Core: 32 · 4·32·128·8192 = 4,294,967,296 FLOPs. FFN: 2 · 32 · 2 · 176,160,768.
	c := m.CountsAt(8192, CountOptions{}).Total
	if c.KVBytes != 536870912 || c.AttentionFLOPs != 4294967296 || c.LinearFLOPs != 2*32*41943040 || c.FFNFLOPs != 2*32*2*176160768 {
		t.Errorf("counts %+v", c)
	}
}

// TestHFConfigRecord: the import says which fields it used, which it ignored and why.
func TestHFConfigRecord(t *testing.T) {
	for _, tc := range []struct {
		id                 string
		used, ignored, not []string
		maxContext         int
		note               string
	}{
		{"step3", []string{"text_config.moe_layers_enum", "text_config.share_q_dim", "text_config.num_attention_groups", "text_config.share_expert_dim"},
			[]string{"vision_config", "projector_bias", "text_config.torch_dtype"}, []string{"image_token_id"}, 65536, ""},
		{"deepseek-v3", []string{"first_k_dense_replace", "q_lora_rank", "moe_layer_freq", "num_nextn_predict_layers"},
			[]string{"num_key_value_heads", "quantization_config"}, []string{"bos_token_id"}, 163840, "1 MTP layer(s)"},
		{"llama4-maverick", []string{"text_config.intermediate_size_mlp", "text_config.attention_chunk_size", "text_config.no_rope_layers", "text_config.interleave_moe_layer_step"},
			[]string{"vision_config"}, nil, 1048576, ""},
		{"gpt-oss-120b", []string{"layer_types", "sliding_window"}, []string{"attention_bias", "swiglu_limit"}, []string{"experts_per_token"}, 131072, "attention sinks"},
		{"minimax-m1", []string{"attn_type_list", "shared_intermediate_size"}, []string{"rotary_dim"}, nil, 10240000, ""},
		{"qwen3-next-80b-a3b", []string{"full_attention_interval", "linear_num_value_heads", "shared_expert_intermediate_size", "linear_conv_kernel_dim"}, nil, nil, 262144, "A_log"},
		{"deepseek-v3.2", []string{"index_n_heads", "index_head_dim", "index_topk", "q_lora_rank", "num_nextn_predict_layers"}, []string{"num_key_value_heads", "quantization_config"}, nil, 163840, "top-k selection"},
		{"glm-5.2", []string{"indexer_types", "index_topk", "mlp_layer_types", "qk_head_dim", "index_topk_freq", "first_k_dense_replace", "num_nextn_predict_layers"}, []string{"index_share_for_mtp_iteration"}, []string{"rope_parameters"}, 1048576, "top-k selection"},
		{"qwen3.5-35b-a3b", []string{"text_config.attn_output_gate", "text_config.layer_types", "text_config.linear_conv_kernel_dim", "text_config.mtp_num_hidden_layers"}, []string{"vision_config", "text_config.mamba_ssm_dtype"}, nil, 262144, "1 MTP layer(s)"},
		{"ernie4.5-300b-a47b", []string{"moe_layer_start_index", "moe_k", "moe_num_experts"}, []string{"use_bias", "num_nextn_predict_layers"}, []string{"moe_capacity"}, 131072, ""},
	} {
		imp, err := ReadHFConfig(filepath.Join(configDir, tc.id))
		if err != nil {
			t.Fatal(err)
		}
		names := func(fs []HFField) map[string]bool {
			s := map[string]bool{}
			for _, f := range fs {
				s[f.Name] = true
			}
			return s
		}
		used, ignored := names(imp.Used), names(imp.Ignored)
		not := map[string]bool{}
		for _, n := range imp.Unread {
			not[n] = true
		}
		for _, n := range tc.used {
			if !used[n] {
				t.Errorf("%s: %s not among the fields used %v", tc.id, n, imp.Used)
			}
		}
		for _, n := range tc.ignored {
			if !ignored[n] {
				t.Errorf("%s: %s not among the fields ignored %v", tc.id, n, imp.Ignored)
			}
		}
		for _, n := range tc.not {
			if !not[n] {
				t.Errorf("%s: %s not among the fields not read %v", tc.id, n, imp.Unread)
			}
		}
		for _, f := range imp.Ignored {
			if f.Note == "" {
				t.Errorf("%s: ignored field %s has no reason", tc.id, f.Name)
			}
		}
		if imp.Model.MaxContext != tc.maxContext {
			t.Errorf("%s: max context %d, want %d", tc.id, imp.Model.MaxContext, tc.maxContext)
		}
		if tc.note != "" && !strings.Contains(strings.Join(imp.Notes, " "), tc.note) {
			t.Errorf("%s: notes %q lack %q", tc.id, imp.Notes, tc.note)
		}
	}
}

// TestHFConfigVariants: fields the sample configs leave at their defaults.
func TestHFConfigVariants(t *testing.T) {
	for _, tc := range []struct {
		name, json, pattern string
	}{
		{"qwen3 sliding from max_window_layers",
			`{"architectures":["Qwen3ForCausalLM"],"hidden_size":64,"num_hidden_layers":4,"vocab_size":10,"num_attention_heads":4,"num_key_value_heads":2,"intermediate_size":32,"use_sliding_window":true,"sliding_window":16,"max_window_layers":2}`,
			"2× gqa/dense (0-1), 2× gqa-sliding16/dense (2-3)"},
		{"qwen3 layer_types",
			`{"architectures":["Qwen3ForCausalLM"],"hidden_size":64,"num_hidden_layers":3,"vocab_size":10,"num_attention_heads":4,"intermediate_size":32,"sliding_window":16,"layer_types":["sliding_attention","full_attention","sliding_attention"]}`,
			"2× gqa-sliding16/dense (0,2), 1× gqa/dense (1)"},
		{"qwen3 moe sparse step and mlp_only_layers",
			`{"architectures":["Qwen3MoeForCausalLM"],"hidden_size":64,"num_hidden_layers":6,"vocab_size":10,"num_attention_heads":4,"intermediate_size":32,"num_experts":4,"num_experts_per_tok":2,"moe_intermediate_size":8,"decoder_sparse_step":2,"mlp_only_layers":[3]}`,
			"4× gqa/dense (0,2-4), 2× gqa/moe (1,5)"},
		{"deepseek moe_layer_freq and full-rank query",
			`{"architectures":["DeepseekV3ForCausalLM"],"hidden_size":64,"num_hidden_layers":6,"vocab_size":10,"num_attention_heads":4,"q_lora_rank":null,"kv_lora_rank":16,"qk_nope_head_dim":8,"qk_rope_head_dim":4,"v_head_dim":8,"n_routed_experts":4,"num_experts_per_tok":2,"moe_intermediate_size":8,"first_k_dense_replace":1,"moe_layer_freq":2,"intermediate_size":32}`,
			"4× mla/dense (0-1,3,5), 2× mla/moe (2,4)"},
		{"step3 without moe_layers_enum",
			`{"architectures":["Step3TextForCausalLM"],"hidden_size":64,"num_hidden_layers":3,"vocab_size":10,"num_attention_heads":4,"num_attention_groups":1,"head_dim":16,"share_q_dim":32,"moe_num_experts":4,"moe_top_k":1,"moe_intermediate_size":8,"share_expert_dim":0,"intermediate_size":32}`,
			"1× mfa/dense (0), 2× mfa/moe (1-2)"},
		{"llama4 layer_types and moe_layers",
			`{"architectures":["Llama4ForCausalLM"],"hidden_size":64,"num_hidden_layers":3,"vocab_size":10,"num_attention_heads":4,"attention_chunk_size":32,"layer_types":["chunked_attention","chunked_attention","full_attention"],"moe_layers":[0],"num_local_experts":4,"num_experts_per_tok":1,"intermediate_size":8,"intermediate_size_mlp":32}`,
			"1× gqa-chunked32/moe (0), 1× gqa-chunked32/dense (1), 1× gqa/dense (2)"},
		{"gpt-oss default layer types",
			`{"architectures":["GptOssForCausalLM"],"hidden_size":64,"num_hidden_layers":3,"vocab_size":10,"num_attention_heads":4,"head_dim":8,"sliding_window":4,"num_local_experts":4,"experts_per_token":2,"intermediate_size":8}`,
			"2× gqa-sliding4/moe (0,2), 1× gqa/moe (1)"},
		{"minimax-m2 without attn_type_list",
			`{"architectures":["MiniMaxM2ForCausalLM"],"hidden_size":64,"num_hidden_layers":2,"vocab_size":10,"num_attention_heads":4,"num_key_value_heads":1,"head_dim":8,"num_local_experts":4,"num_experts_per_tok":2,"intermediate_size":8}`,
			"2× gqa/moe (0-1)"},
		{"ernie end index and interval",
			`{"architectures":["Ernie4_5_MoeForCausalLM"],"hidden_size":64,"num_hidden_layers":6,"vocab_size":10,"num_attention_heads":4,"intermediate_size":32,"moe_num_experts":4,"moe_k":2,"moe_intermediate_size":8,"moe_layer_start_index":1,"moe_layer_end_index":4,"moe_layer_interval":2}`,
			"4× gqa/dense (0,2,4-5), 2× gqa/moe (1,3)"},
		{"qwen3-next layer_types",
			`{"architectures":["Qwen3NextForCausalLM"],"hidden_size":64,"num_hidden_layers":2,"vocab_size":10,"num_attention_heads":4,"num_key_value_heads":2,"head_dim":16,"linear_num_key_heads":2,"linear_num_value_heads":4,"linear_key_head_dim":8,"linear_value_head_dim":8,"layer_types":["full_attention","linear_attention"],"num_experts":4,"num_experts_per_tok":2,"moe_intermediate_size":8}`,
			"1× gqa-gated/moe (0), 1× gdn/moe (1)"},
		{"llama4 defaults: no_rope_layers empty (every 4th layer global), interleave_moe_layer_step 2",
			`{"architectures":["Llama4ForCausalLM"],"hidden_size":64,"num_hidden_layers":8,"vocab_size":10,"num_attention_heads":4,"attention_chunk_size":32,"no_rope_layers":[],"interleave_moe_layer_step":2,"num_local_experts":4,"num_experts_per_tok":1,"intermediate_size":8,"intermediate_size_mlp":32}`,
			"4× gqa-chunked32/dense (0-6/2), 2× gqa-chunked32/moe (1,5), 2× gqa/moe (3,7)"},
		{"ernie moe_layer_end_index -1 (the last layer)",
			`{"architectures":["Ernie4_5_MoeForCausalLM"],"hidden_size":64,"num_hidden_layers":4,"vocab_size":10,"num_attention_heads":4,"intermediate_size":32,"moe_num_experts":4,"moe_k":2,"moe_intermediate_size":8,"moe_layer_start_index":2,"moe_layer_end_index":-1}`,
			"2× gqa/dense (0-1), 2× gqa/moe (2-3)"},
		{"qwen3-next default full_attention_interval 4",
			`{"architectures":["Qwen3NextForCausalLM"],"hidden_size":64,"num_hidden_layers":4,"vocab_size":10,"num_attention_heads":4,"num_key_value_heads":2,"head_dim":16,"linear_num_key_heads":2,"linear_num_value_heads":4,"linear_key_head_dim":8,"linear_value_head_dim":8,"num_experts":4,"num_experts_per_tok":2,"moe_intermediate_size":8}`,
			"3× gdn/moe (0-2), 1× gqa-gated/moe (3)"},
		{"qwen3.5 attn_output_gate false, conv kernel 2",
			`{"architectures":["Qwen3_5MoeForConditionalGeneration"],"text_config":{"hidden_size":64,"num_hidden_layers":2,"vocab_size":10,"num_attention_heads":4,"num_key_value_heads":2,"head_dim":16,"linear_num_key_heads":2,"linear_num_value_heads":4,"linear_key_head_dim":8,"linear_value_head_dim":8,"linear_conv_kernel_dim":2,"full_attention_interval":2,"attn_output_gate":false,"num_experts":4,"num_experts_per_tok":2,"moe_intermediate_size":8}}`,
			"1× gdn/moe (0), 1× gqa/moe (1)"},
		{"glm-5.2 without indexer_types: offset 3, every 4th; first_k_dense_replace",
			`{"architectures":["GlmMoeDsaForCausalLM"],"hidden_size":64,"num_hidden_layers":8,"vocab_size":10,"num_attention_heads":4,"q_lora_rank":16,"kv_lora_rank":8,"qk_nope_head_dim":4,"qk_rope_head_dim":2,"v_head_dim":4,"index_n_heads":2,"index_head_dim":4,"index_topk":16,"index_topk_freq":4,"index_skip_topk_offset":3,"first_k_dense_replace":1,"intermediate_size":32,"n_routed_experts":4,"num_experts_per_tok":2,"moe_intermediate_size":8,"n_shared_experts":1}`,
			"1× mla-dsa/dense (0), 3× mla-dsa/moe (1-2,6), 4× mla-dsa-shared/moe (3-5,7)"},
		{"deepseek-v3.2 full-rank query",
			`{"architectures":["DeepseekV32ForCausalLM"],"hidden_size":64,"num_hidden_layers":2,"vocab_size":10,"num_attention_heads":4,"kv_lora_rank":8,"qk_nope_head_dim":4,"qk_rope_head_dim":2,"v_head_dim":4,"index_n_heads":2,"index_head_dim":4,"index_topk":16,"first_k_dense_replace":1,"intermediate_size":32,"n_routed_experts":4,"num_experts_per_tok":2,"moe_intermediate_size":8}`,
			"1× mla-dsa/dense (0), 1× mla-dsa/moe (1)"},
		{"minimax-m1 attn_type_list (0 linear, 1 softmax)",
			`{"architectures":["MiniMaxM1ForCausalLM"],"hidden_size":64,"num_hidden_layers":2,"vocab_size":10,"num_attention_heads":4,"num_key_value_heads":2,"head_dim":8,"attn_type_list":[0,1],"num_local_experts":4,"num_experts_per_tok":2,"intermediate_size":8}`,
			"1× linear/moe (0), 1× gqa/moe (1)"},
		{"mixtral sliding window",
			`{"architectures":["MixtralForCausalLM"],"hidden_size":64,"num_hidden_layers":2,"vocab_size":10,"num_attention_heads":4,"sliding_window":4096,"num_local_experts":4,"num_experts_per_tok":2,"intermediate_size":8}`,
			"2× gqa-sliding4096/moe (0-1)"},
	} {
		imp, err := ParseHFConfig([]byte(tc.json), tc.name)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := imp.Model.Describe(); got != tc.pattern {
			t.Errorf("%s: pattern %q, want %q", tc.name, got, tc.pattern)
		}
	}
}

// TestHFConfigErrors: each bad config gets one error naming the file, the field and what
// was expected.
func TestHFConfigErrors(t *testing.T) {
	const base = `"hidden_size":64,"num_hidden_layers":2,"vocab_size":10,"intermediate_size":32`
	// llama is a small Llama config with one field set to a bad value: extra (`,"key":value`)
	// replaces the field of the same key, since a key given twice is an error of its own.
	llama := func(extra string) string {
		fields := base + `,"num_attention_heads":4`
		key, _, _ := strings.Cut(strings.TrimPrefix(extra, ","), ":")
		var kept []string
		for _, f := range strings.Split(fields, ",") {
			if !strings.HasPrefix(f, key+":") {
				kept = append(kept, f)
			}
		}
		return `{"architectures":["LlamaForCausalLM"],` + strings.Join(kept, ",") + extra + `}`
	}
	moe := func(experts, topK string) string {
		return `{"architectures":["MixtralForCausalLM"],` + base + `,"num_attention_heads":4,"num_local_experts":` + experts + `,"num_experts_per_tok":` + topK + `}`
	}
	for _, tc := range []struct {
		name, json string
		says       []string
	}{
		{"unknown architecture", `{"architectures":["FooForCausalLM"],` + base + `,"num_attention_heads":4,"foo_rank":8,"text_config":{"bar_experts":3}}`,
			[]string{`unknown architecture "FooForCausalLM"`, "foo_rank", "text_config.bar_experts", "LlamaForCausalLM"}},
		{"no architectures", `{` + base + `}`, []string{`no "architectures" field`}},
		{"architectures not a list", `{"architectures":"LlamaForCausalLM"}`, []string{"field architectures", "list of strings"}},
		{"missing field", `{"architectures":["LlamaForCausalLM"],"hidden_size":64,"num_hidden_layers":2,"vocab_size":10}`, []string{"field num_attention_heads", "missing"}},
		{"zero size", llama(`,"hidden_size":0`), []string{"field hidden_size", "positive", "got 0"}},
		{"negative size", llama(`,"num_key_value_heads":-2`), []string{"field num_key_value_heads", "got -2"}},
		{"fraction", llama(`,"head_dim":12.5`), []string{"field head_dim", "whole number", "12.5"}},
		{"string number", llama(`,"intermediate_size":"32"`), []string{"field intermediate_size", "whole number", `"32"`}},
		{"huge", llama(`,"num_hidden_layers":1e12`), []string{"field num_hidden_layers", "up to 10000"}},
		{"NaN", `{"architectures":["LlamaForCausalLM"],"hidden_size":NaN}`, []string{"line 1, column", "not valid JSON"}},
		{"Infinity", "{\n\"architectures\":[\"LlamaForCausalLM\"],\n\"hidden_size\": Infinity}", []string{"line 3, column", "not valid JSON"}},
		{"heads not dividing kv", llama(`,"num_key_value_heads":3`), []string{"field num_key_value_heads", "4 query heads", "not a multiple of 3"}},
		{"heads not dividing hidden", llama(`,"num_attention_heads":5`), []string{"field num_attention_heads", "not divisible by 5", "no head_dim"}},
		{"top-k over experts", moe("4", "5"), []string{"field num_experts_per_tok", "top-k 5 is larger than the 4 routed experts"}},
		{"zero experts", moe("0", "1"), []string{"field num_local_experts", "positive"}},
		{"bad layer_types", `{"architectures":["GptOssForCausalLM"],` + base + `,"num_attention_heads":4,"layer_types":["full_attention"]}`, []string{"field layer_types", "1 entries", "num_hidden_layers 2"}},
		{"unknown layer type", `{"architectures":["GptOssForCausalLM"],` + base + `,"num_attention_heads":4,"layer_types":["full_attention","mamba"]}`, []string{"field layer_types[1]", `"mamba"`}},
		{"zero window", `{"architectures":["GptOssForCausalLM"],` + base + `,"num_attention_heads":4,"sliding_window":0}`, []string{"field sliding_window", "positive"}},
		{"bad moe_layers_enum", `{"architectures":["Step3TextForCausalLM"],` + base + `,"num_attention_heads":4,"num_attention_groups":1,"head_dim":16,"share_q_dim":8,"moe_layers_enum":"1,x"}`,
			[]string{"field moe_layers_enum", `"x"`}},
		{"moe_layers_enum out of range", `{"architectures":["Step3TextForCausalLM"],` + base + `,"num_attention_heads":4,"num_attention_groups":1,"head_dim":16,"share_q_dim":8,"moe_layers_enum":"1,2"}`,
			[]string{"field moe_layers_enum", "layer 2 is outside 0..1"}},
		{"minimax-m1 without attn_type_list", `{"architectures":["MiniMaxM1ForCausalLM"],` + base + `,"num_attention_heads":4}`, []string{"field attn_type_list", "missing", "0 for linear"}},
		{"text_config not an object", `{"architectures":["Llama4ForConditionalGeneration"],"text_config":[1]}`, []string{"field text_config", "want an object"}},
		{"nested field named", `{"architectures":["Llama4ForConditionalGeneration"],"text_config":{` + base + `,"num_attention_heads":4,"attention_chunk_size":-1}}`, []string{"field text_config.attention_chunk_size"}},
		{"top level array", `[1,2]`, []string{"line 1, column", "want a JSON object", "array"}},
		{"empty", ``, []string{"empty"}},
		{"truncated", `{"architectures":`, []string{"ends in the middle"}},
		{"two values", `{} {}`, []string{"more than one JSON value"}},
		// encoding/json keeps the last of two equal keys: 4096 here, a 26B model instead of 33B.
		{"duplicate key", "{\"architectures\":[\"LlamaForCausalLM\"]," + base + ",\n\"num_attention_heads\":4,\n\"hidden_size\":4096}",
			[]string{"x/config.json:3: field hidden_size appears twice (lines 1 and 3)"}},
		// the first mapped entry was used and the rest ignored
		{"two architectures", `{"architectures":["LlamaForCausalLM","MixtralForCausalLM"],` + base + `,"num_attention_heads":4}`,
			[]string{"x/config.json:1: field architectures", `"LlamaForCausalLM" and "MixtralForCausalLM" are read differently`}},
		{"an unmapped architecture beside a mapped one", `{"architectures":["FooForCausalLM","LlamaForCausalLM"],` + base + `,"num_attention_heads":4}`,
			[]string{"field architectures", `"FooForCausalLM" is not an architecture decost maps, beside "LlamaForCausalLM"`}},
		{"duplicate nested key", `{"architectures":["Llama4ForConditionalGeneration"],"text_config":{"rope_scaling":{"factor":8,"factor":16}}}`,
			[]string{"field text_config.rope_scaling.factor appears twice"}},
		{"duplicate key in a list", `{"architectures":["X"],"quantization_config":{"config_groups":[{"a":1,"a":2}]}}`,
			[]string{"field quantization_config.config_groups[].a appears twice"}},
		{"null", `null`, []string{"got null"}},
	} {
		_, err := ParseHFConfig([]byte(tc.json), "x/config.json")
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "x/config.json:") || strings.Contains(msg, "\n") {
			t.Errorf("%s: %q does not start with the file or is not one line", tc.name, msg)
		}
		for _, s := range tc.says {
			if !strings.Contains(msg, s) {
				t.Errorf("%s: %q does not say %q", tc.name, msg, s)
			}
		}
	}
}

// TestHFConfigErrorLines: a field error names the line of the field in the file.
func TestHFConfigErrorLines(t *testing.T) {
	for _, tc := range []struct{ json, want string }{
		{"{\n \"architectures\": [\"LlamaForCausalLM\"],\n \"hidden_size\": 64,\n \"num_hidden_layers\": 2,\n \"vocab_size\": 10,\n \"num_attention_heads\": 0\n}",
			"c.json:6: field num_attention_heads: want a positive whole number, got 0"},
		{"{\"architectures\": [\"Llama4ForConditionalGeneration\"],\n \"vision_config\": {\"hidden_size\": 1},\n \"text_config\": {\n  \"hidden_size\": 64, \"num_hidden_layers\": 2,\n  \"vocab_size\": 10,\n  \"num_attention_heads\": 4,\n  \"attention_chunk_size\": 0}}",
			"c.json:7: field text_config.attention_chunk_size: want a positive whole number, got 0"},
		{"{\"architectures\": [\"GptOssForCausalLM\"], \"hidden_size\": 64, \"num_hidden_layers\": 2, \"vocab_size\": 10, \"num_attention_heads\": 4,\n\n \"layer_types\": [\"full_attention\",\n \"mamba\"]}",
			"c.json:3: field layer_types[1]: unknown layer type \"mamba\" (want full_attention or sliding_attention)"},
		{"{\"architectures\": [\"LlamaForCausalLM\"], \"hidden_size\": 64, \"num_hidden_layers\": 2, \"vocab_size\": 10}",
			"c.json: field num_attention_heads: missing; want a positive whole number"},
	} {
		_, err := ParseHFConfig([]byte(tc.json), "c.json")
		if err == nil || err.Error() != tc.want {
			t.Errorf("error %v, want %s", err, tc.want)
		}
	}
}

func TestReadHFConfigFiles(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadHFConfig(dir); err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "config.json")+": no such file") {
		t.Errorf("empty directory: %v", err)
	}
	p := filepath.Join(dir, "my-model.json")
	data, err := os.ReadFile(filepath.Join(configDir, "qwen3-32b", "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	imp, err := ReadHFConfig(p)
	if err != nil || imp.Model.ID != "my-model" || imp.File != p {
		t.Errorf("import %v, %v", imp, err)
	}
}

// ExampleReadHFConfig shows the import of a sample config.
func ExampleReadHFConfig() {
	imp, err := ReadHFConfig("../testdata/configs/step3")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(imp.Architecture, imp.Model.Describe())
	// Output: Step3VLForConditionalGeneration 5× mfa/dense (0-3,60), 56× mfa/moe (4-59)
}

// TestHFConfigWindowNote: a window that is not below max_position_embeddings is allowed (the
// layers then attend to the whole context) and noted.
func TestHFConfigWindowNote(t *testing.T) {
	imp, err := ParseHFConfig([]byte(`{"architectures":["MixtralForCausalLM"],"hidden_size":64,"num_hidden_layers":2,"vocab_size":10,"num_attention_heads":4,"sliding_window":4096,"max_position_embeddings":2048,"num_local_experts":4,"num_experts_per_tok":2,"intermediate_size":8}`), "w.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Notes) != 1 || !strings.Contains(imp.Notes[0], "window 4096 is not below max_position_embeddings 2048") {
		t.Errorf("notes %q", imp.Notes)
	}
	// At any context up to the limit, the windowed layers count as global ones.
	g := *imp.Model
	g.Layers = append([]Layer(nil), g.Layers...)
	for i := range g.Layers {
		g.Layers[i].Attention.Window = 0
	}
	if a, b := imp.Model.CountsAt(2048, CountOptions{}), g.CountsAt(2048, CountOptions{}); a.Total != b.Total {
		t.Errorf("windowed %+v, global %+v", a.Total, b.Total)
	}
}

// TestHFConfigArchitecturesAlike: two architectures read alike (Step-3's VL wrapper and its
// text model) import the same model as the first alone.
func TestHFConfigArchitecturesAlike(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "configs", "step3", "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	one, err := ParseHFConfig(data, "step3")
	if err != nil {
		t.Fatal(err)
	}
	both := strings.Replace(string(data), `"Step3VLForConditionalGeneration"`, `"Step3VLForConditionalGeneration", "Step3TextForCausalLM"`, 1)
	two, err := ParseHFConfig([]byte(both), "step3")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one.Model, two.Model) || two.Architecture != "Step3VLForConditionalGeneration" {
		t.Errorf("two alike architectures gave another model (architecture %q)", two.Architecture)
	}
}
