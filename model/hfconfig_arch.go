package model

import (
	"fmt"
	"strconv"
	"strings"
)

// hfArchitecture maps the config.json of one model family onto layers.
type hfArchitecture struct {
	// names are the "architectures" values of the family.
	names []string
	// build reads the fields and fills the layers.
	build func(b *hfBuild) error
	// ignored are family-specific fields the counts leave out, with the reason.
	ignored map[string]string
}

// hfArchitectures are the architectures decost imports (docs/design.md §zoo).
var hfArchitectures = []hfArchitecture{
	{names: []string{"Step3VLForConditionalGeneration", "Step3TextForCausalLM"}, build: (*hfBuild).step3},
	{names: []string{"DeepseekV3ForCausalLM"}, build: (*hfBuild).deepseekV3, ignored: map[string]string{
		"num_key_value_heads": "MLA caches one latent shared by all heads; key/value heads are not used",
		"head_dim":            "MLA widths come from qk_nope_head_dim, qk_rope_head_dim and v_head_dim",
	}},
	{names: []string{"Qwen3MoeForCausalLM"}, build: (*hfBuild).qwen3MoE},
	{names: []string{"Qwen3ForCausalLM"}, build: (*hfBuild).qwen3},
	{names: []string{"LlamaForCausalLM"}, build: (*hfBuild).llama},
	{names: []string{"MixtralForCausalLM"}, build: (*hfBuild).mixtral},
	{names: []string{"Llama4ForConditionalGeneration", "Llama4ForCausalLM"}, build: (*hfBuild).llama4},
	{names: []string{"GptOssForCausalLM"}, build: (*hfBuild).gptOSS},
	{names: []string{"Glm4MoeForCausalLM"}, build: (*hfBuild).glm4MoE},
	{names: []string{"MiniMaxM1ForCausalLM", "MiniMaxText01ForCausalLM", "MiniMaxForCausalLM"}, build: func(b *hfBuild) error { return b.minimax(true) }},
	{names: []string{"MiniMaxM2ForCausalLM"}, build: func(b *hfBuild) error { return b.minimax(false) }},
	{names: []string{"Ernie4_5_MoeForCausalLM"}, build: (*hfBuild).ernie},
	{names: []string{"Qwen3NextForCausalLM"}, build: func(b *hfBuild) error { return b.qwen3Next(false) }},
	{names: []string{"DeepseekV32ForCausalLM"}, build: (*hfBuild).deepseekV32, ignored: map[string]string{
		"num_key_value_heads": "MLA caches one latent shared by all heads; key/value heads are not used",
		"head_dim":            "MLA widths come from qk_nope_head_dim, qk_rope_head_dim and v_head_dim",
	}},
	{names: []string{"GlmMoeDsaForCausalLM"}, build: (*hfBuild).glmMoeDSA, ignored: map[string]string{
		"num_key_value_heads":           "MLA caches one latent shared by all heads; key/value heads are not used",
		"head_dim":                      "MLA widths come from qk_nope_head_dim, qk_rope_head_dim and v_head_dim",
		"index_share_for_mtp_iteration": "multi-token-prediction layers are left out (one token decoded at a time)",
		"indexer_rope_interleave":       "the RoPE layout changes no count",
		"rope_interleave":               "the RoPE layout changes no count",
	}},
	{names: []string{"Qwen3_5MoeForConditionalGeneration", "Qwen3_5MoeForCausalLM"}, build: func(b *hfBuild) error { return b.qwen3Next(true) }, ignored: map[string]string{
		"mtp_use_dedicated_embeddings": "multi-token-prediction modules are left out (one token decoded at a time)",
		"mamba_ssm_dtype":              "the state format comes from --precision (default FP32 state, as this field says for the released models)",
		"image_token_id":               "the vision encoder is left out: decost counts text decoding",
		"video_token_id":               "the vision encoder is left out: decost counts text decoding",
		"vision_start_token_id":        "the vision encoder is left out: decost counts text decoding",
		"vision_end_token_id":          "the vision encoder is left out: decost counts text decoding",
	}},
}

// step3: MFA attention (share_q_dim is the query rank, num_attention_groups the shared K/V
// heads); MoE on the layers of the moe_layers_enum string, dense elsewhere; one shared expert
// of share_expert_dim.
func (b *hfBuild) step3() error {
	f := b.f
	heads, err := f.positive("num_attention_heads")
	if err != nil {
		return err
	}
	groups, err := f.positive("num_attention_groups")
	if err != nil {
		return err
	}
	if heads%groups != 0 {
		return f.errorf("num_attention_groups", "%d query heads are not a multiple of %d attention groups", heads, groups)
	}
	d, err := f.positive("head_dim")
	if err != nil {
		return err
	}
	rank, err := f.positive("share_q_dim")
	if err != nil {
		return err
	}
	b.all(Attention{Kind: MFA, Heads: heads, KVHeads: groups, HeadDim: d, QueryRank: rank})

	moeLayers := map[int]bool{}
	enum, err := f.str("moe_layers_enum")
	if err != nil {
		return err
	}
	if strings.TrimSpace(enum) == "" {
		// Step-3's modelling code: every layer but the first is MoE when the field is absent.
		for i := 1; i < b.layers; i++ {
			moeLayers[i] = true
		}
		f.note("moe_layers_enum", fmt.Sprintf("\"1,…,%d\"", b.layers-1), "absent; default: every layer but the first")
	} else {
		for _, s := range strings.Split(enum, ",") {
			i, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil {
				return f.errorf("moe_layers_enum", "entry %q is not a layer number; want a comma-separated list such as \"4,5,6\"", strings.TrimSpace(s))
			}
			if err := f.layerIndex("moe_layers_enum", i, b.layers); err != nil {
				return err
			}
			moeLayers[i] = true
		}
	}
	return b.setFFN(func(i int) bool { return moeLayers[i] },
		func() (FFN, error) {
			return b.moeSharedWidth("moe_num_experts", "moe_top_k", "moe_intermediate_size", "share_expert_dim")
		},
		func() (FFN, error) { return b.dense("intermediate_size") })
}

// deepseekV3 (also Kimi K2): MLA; MoE from layer first_k_dense_replace on (every
// moe_layer_freq-th), dense before; n_shared_experts shared experts of the routed width.
func (b *hfBuild) deepseekV3() error {
	a, err := b.mla(MLA)
	if err != nil {
		return err
	}
	b.all(a)
	if b.mtpLayers, err = b.f.countOr("num_nextn_predict_layers", 0); err != nil {
		return err
	}
	return b.deepseekMoE(true)
}

// mla reads DeepSeek's multi-head latent attention fields (DeepSeek-V3, V3.2, GLM-5.2).
func (b *hfBuild) mla(kind AttentionKind) (Attention, error) {
	f := b.f
	heads, err := f.positive("num_attention_heads")
	if err != nil {
		return Attention{}, err
	}
	a := Attention{Kind: kind, Heads: heads}
	if a.QueryRank, err = f.countOr("q_lora_rank", 0); err != nil {
		return Attention{}, err
	}
	for _, x := range []struct {
		name string
		v    *int
	}{{"kv_lora_rank", &a.KVRank}, {"qk_nope_head_dim", &a.NopeDim}, {"qk_rope_head_dim", &a.RopeDim}, {"v_head_dim", &a.ValueDim}} {
		if *x.v, err = f.positive(x.name); err != nil {
			return Attention{}, err
		}
	}
	if f.has("qk_head_dim") {
		qk, err := f.positive("qk_head_dim")
		if err != nil {
			return Attention{}, err
		}
		if qk != a.NopeDim+a.RopeDim {
			return Attention{}, f.errorf("qk_head_dim", "%d is not qk_nope_head_dim %d + qk_rope_head_dim %d", qk, a.NopeDim, a.RopeDim)
		}
	}
	return a, nil
}

// indexer reads DeepSeek Sparse Attention's lightning indexer: index_n_heads heads of
// index_head_dim, and index_topk tokens attended.
func (b *hfBuild) indexer(a *Attention) error {
	f := b.f
	var err error
	for _, x := range []struct {
		name string
		v    *int
	}{{"index_n_heads", &a.IndexHeads}, {"index_head_dim", &a.IndexHeadDim}, {"index_topk", &a.IndexTopK}} {
		if *x.v, err = f.positive(x.name); err != nil {
			return err
		}
	}
	return nil
}

// deepseekV32: DeepSeek-V3 with DeepSeek Sparse Attention on every layer (MLADSA, each
// layer with its own indexer).
func (b *hfBuild) deepseekV32() error {
	a, err := b.mla(MLADSA)
	if err != nil {
		return err
	}
	if err := b.indexer(&a); err != nil {
		return err
	}
	b.all(a)
	b.notes = append(b.notes, "the indexer's ReLU, per-token FP32 key scale and Hadamard rotation are elementwise and not counted; its top-k selection is comparisons (0 FLOPs)")
	if b.mtpLayers, err = b.f.countOr("num_nextn_predict_layers", 0); err != nil {
		return err
	}
	return b.deepseekMoE(true)
}

// glmMoeDSA: GLM-5.2, MLA with DeepSeek Sparse Attention whose indexer runs in full on the
// layers indexer_types marks "full" and whose top-k is reused on the "shared" ones (by
// default: the first index_skip_topk_offset layers full, then every index_topk_freq-th);
// MoE on the "sparse" layers of mlp_layer_types, or from first_k_dense_replace on.
func (b *hfBuild) glmMoeDSA() error {
	f := b.f
	full, err := b.mla(MLADSA)
	if err != nil {
		return err
	}
	if err := b.indexer(&full); err != nil {
		return err
	}
	shared := full.WithSharedIndex()
	types, err := b.layerTypes("indexer_types", "full", "shared")
	if err != nil {
		return err
	}
	if types == nil {
		every, err := f.positiveOr("index_topk_freq", 1)
		if err != nil {
			return err
		}
		offset, err := f.countOrLimit("index_skip_topk_offset", 0, maxHFLayers)
		if err != nil {
			return err
		}
		types = glmIndexerTypes(b.layers, every, offset)
	} else {
		for _, k := range []string{"index_topk_freq", "index_skip_topk_offset"} {
			if v, ok := f.obj[k]; ok {
				f.note(k, shortJSON(v), "not used: indexer_types names every layer")
			}
		}
	}
	for i, t := range types {
		b.attn[i] = full
		if t == "shared" {
			b.attn[i] = shared
		}
	}
	if types[0] == "shared" {
		return f.errorf("indexer_types[0]", "the first layer cannot reuse an earlier layer's top-k; want \"full\"")
	}
	b.notes = append(b.notes, "the indexer's ReLU, per-token FP32 key scale and Hadamard rotation are elementwise and not counted; its top-k selection is comparisons (0 FLOPs)")
	if b.mtpLayers, err = f.countOr("num_nextn_predict_layers", 0); err != nil {
		return err
	}
	mlp, err := b.layerTypes("mlp_layer_types", "dense", "sparse")
	if err != nil {
		return err
	}
	if mlp == nil {
		return b.deepseekMoE(false)
	}
	if v, ok := f.obj["first_k_dense_replace"]; ok {
		f.note("first_k_dense_replace", shortJSON(v), "not used: mlp_layer_types names every layer")
	}
	return b.setFFN(func(i int) bool { return mlp[i] == "sparse" },
		func() (FFN, error) {
			return b.moeSharedCount("n_routed_experts", "num_experts_per_tok", "moe_intermediate_size", "n_shared_experts")
		},
		func() (FFN, error) { return b.dense("intermediate_size") })
}

// glmIndexerTypes is GLM-5.2's default indexer placement: the first offset layers run the
// indexer in full, then one layer in every `every` does (layers offset−1+every,
// offset−1+2·every, …) and the others reuse its top-k.
func glmIndexerTypes(layers, every, offset int) []string {
	types := make([]string, layers)
	for i := range types {
		types[i] = "shared"
		if offset == 0 && i%every == 0 || offset > 0 && (i < offset || (i-(offset-1))%every == 0) {
			types[i] = "full"
		}
	}
	return types
}

// deepseekMoE places DeepSeek-style MoE layers (DeepSeek-V3, GLM-4.5): MoE from layer
// first_k_dense_replace on, every moe_layer_freq-th when freq is read.
func (b *hfBuild) deepseekMoE(freq bool) error {
	f := b.f
	first, err := f.countOrLimit("first_k_dense_replace", 0, maxHFLayers)
	if err != nil {
		return err
	}
	every := 1
	if freq {
		if every, err = f.positiveOr("moe_layer_freq", 1); err != nil {
			return err
		}
	}
	return b.setFFN(func(i int) bool { return i >= first && i%every == 0 },
		func() (FFN, error) {
			return b.moeSharedCount("n_routed_experts", "num_experts_per_tok", "moe_intermediate_size", "n_shared_experts")
		},
		func() (FFN, error) { return b.dense("intermediate_size") })
}

// qwenWindows applies Qwen's sliding windows: layer_types when present, else
// use_sliding_window with sliding_window on the layers from max_window_layers on.
func (b *hfBuild) qwenWindows() error {
	f := b.f
	types, err := b.layerTypes("layer_types", "full_attention", "sliding_attention")
	if err != nil {
		return err
	}
	if types == nil {
		use, err := f.boolOr("use_sliding_window", false)
		if err != nil {
			return err
		}
		if !use {
			for _, k := range []string{"sliding_window", "max_window_layers"} {
				if v, ok := f.obj[k]; ok {
					f.note(k, shortJSON(v), "not used: use_sliding_window is false")
				}
			}
			return nil
		}
		from, err := f.countOrLimit("max_window_layers", b.layers, maxHFLayers)
		if err != nil {
			return err
		}
		types = make([]string, b.layers)
		for i := range types {
			types[i] = "full_attention"
			if i >= from {
				types[i] = "sliding_attention"
			}
		}
	}
	return b.windowLayers(types, "sliding_attention", "sliding_window", false)
}

// windowLayers gives the layers whose type is windowed a window of the field windowKey's
// tokens (read only when some layer needs it), marked Chunked when chunked says so.
func (b *hfBuild) windowLayers(types []string, windowed, windowKey string, chunked bool) error {
	w := 0
	for i, t := range types {
		if t != windowed {
			continue
		}
		if w == 0 {
			var err error
			if w, err = b.window(windowKey); err != nil {
				return err
			}
		}
		b.attn[i].Window, b.attn[i].Chunked = w, chunked
	}
	return nil
}

// hybrid gives the layers whose type is "linear_attention" the linear attention lin and the
// others the softmax attention full (MiniMax, Qwen3-Next).
func (b *hfBuild) hybrid(types []string, full, lin Attention) {
	for i, t := range types {
		b.attn[i] = full
		if t == "linear_attention" {
			b.attn[i] = lin
		}
	}
}

// qwenMoELayers is Qwen's MoE placement: every decoder_sparse_step-th layer not in
// mlp_only_layers.
func (b *hfBuild) qwenMoELayers() (func(int) bool, error) {
	step, err := b.f.positiveOr("decoder_sparse_step", 1)
	if err != nil {
		return nil, err
	}
	only, err := b.layerSet("mlp_only_layers")
	if err != nil {
		return nil, err
	}
	return func(i int) bool { return !only[i] && (i+1)%step == 0 }, nil
}

// qwen3MoE: GQA; MoE of num_experts on Qwen's MoE layers, dense elsewhere.
func (b *hfBuild) qwen3MoE() error {
	if err := b.allGQA(); err != nil {
		return err
	}
	b.qkNormed()
	if err := b.qwenWindows(); err != nil {
		return err
	}
	isMoE, err := b.qwenMoELayers()
	if err != nil {
		return err
	}
	return b.setFFN(isMoE,
		func() (FFN, error) { return b.moe("num_experts", "num_experts_per_tok", "moe_intermediate_size") },
		func() (FFN, error) { return b.dense("intermediate_size") })
}

// qwen3: GQA with Qwen's sliding windows; dense FFN.
func (b *hfBuild) qwen3() error {
	if err := b.allGQA(); err != nil {
		return err
	}
	b.qkNormed()
	if err := b.qwenWindows(); err != nil {
		return err
	}
	return b.allFFN(b.dense("intermediate_size"))
}

// llama: GQA; dense FFN.
func (b *hfBuild) llama() error {
	if err := b.allGQA(); err != nil {
		return err
	}
	return b.allFFN(b.dense("intermediate_size"))
}

// mixtral: GQA (a sliding window on every layer when sliding_window is set); MoE of
// num_local_experts experts of intermediate_size on every layer.
func (b *hfBuild) mixtral() error {
	a, err := b.gqa()
	if err != nil {
		return err
	}
	if b.f.has("sliding_window") {
		if a.Window, err = b.window("sliding_window"); err != nil {
			return err
		}
	}
	b.all(a)
	return b.allFFN(b.moe("num_local_experts", "num_experts_per_tok", "intermediate_size"))
}

// llama4: GQA, chunked to attention_chunk_size on the RoPE layers (no_rope_layers[i] = 1, by
// default all but every 4th) or as layer_types says; MoE (num_local_experts of
// intermediate_size + one shared expert of the same width) on moe_layers or every
// interleave_moe_layer_step-th layer, dense of intermediate_size_mlp elsewhere.
func (b *hfBuild) llama4() error {
	f := b.f
	if err := b.allGQA(); err != nil {
		return err
	}
	types, err := b.layerTypes("layer_types", "full_attention", "chunked_attention")
	if err != nil {
		return err
	}
	if types == nil {
		rope, err := f.intList("no_rope_layers", 1)
		if err != nil {
			return err
		}
		if len(rope) == 0 {
			// Llama4TextConfig's default: RoPE (and chunking) on all but every
			// no_rope_layer_interval-th layer.
			every, err := f.positiveOr("no_rope_layer_interval", 4)
			if err != nil {
				return err
			}
			rope = make([]int, b.layers)
			for i := range rope {
				if (i+1)%every != 0 {
					rope[i] = 1
				}
			}
			f.note("no_rope_layers", shortJSON(f.obj["no_rope_layers"]), fmt.Sprintf("empty or absent: every %d-th layer is NoPE (global), the others RoPE (chunked)", every))
		} else if len(rope) != b.layers {
			return f.errorf("no_rope_layers", "has %d entries; want one per layer (num_hidden_layers %d)", len(rope), b.layers)
		}
		types = make([]string, b.layers)
		for i, r := range rope {
			types[i] = "full_attention"
			if r == 1 {
				types[i] = "chunked_attention"
			}
		}
	}
	if err := b.windowLayers(types, "chunked_attention", "attention_chunk_size", true); err != nil {
		return err
	}
	moeLayers, err := b.layerSet("moe_layers")
	if err != nil {
		return err
	}
	if moeLayers == nil {
		step, err := f.positiveOr("interleave_moe_layer_step", 1)
		if err != nil {
			return err
		}
		moeLayers = map[int]bool{}
		for i := step - 1; i < b.layers; i += step {
			moeLayers[i] = true
		}
	}
	return b.setFFN(func(i int) bool { return moeLayers[i] },
		func() (FFN, error) {
			m, err := b.moe("num_local_experts", "num_experts_per_tok", "intermediate_size")
			return withShared(m, 1, m.ExpertWidth), err
		},
		func() (FFN, error) { return b.dense("intermediate_size_mlp") })
}

// gptOSS: GQA, sliding_window on the layers layer_types marks sliding (by default the even
// ones); MoE of num_local_experts experts of intermediate_size on every layer.
func (b *hfBuild) gptOSS() error {
	f := b.f
	if err := b.allGQA(); err != nil {
		return err
	}
	types, err := b.layerTypes("layer_types", "full_attention", "sliding_attention")
	if err != nil {
		return err
	}
	if types == nil {
		types = make([]string, b.layers)
		for i := range types {
			types[i] = "full_attention"
			if i%2 == 0 {
				types[i] = "sliding_attention"
			}
		}
		f.note("layer_types", "", "absent; default: even layers sliding, odd layers full")
	}
	if err := b.windowLayers(types, "sliding_attention", "sliding_window", false); err != nil {
		return err
	}
	topK := "num_experts_per_tok"
	if !f.has(topK) && f.has("experts_per_token") {
		topK = "experts_per_token"
	}
	b.notes = append(b.notes, "attention sinks (one learned scalar per head) and biases are left out of the counts")
	return b.allFFN(b.moe("num_local_experts", topK, "intermediate_size"))
}

// glm4MoE: GQA; DeepSeek-style MoE from first_k_dense_replace on with n_shared_experts.
func (b *hfBuild) glm4MoE() error {
	if err := b.allGQA(); err != nil {
		return err
	}
	return b.deepseekMoE(false)
}

// minimax: softmax GQA and Lightning linear attention (same heads and head_dim) as
// attn_type_list says (0 = linear, 1 = softmax) or layer_types; MiniMax-M2 defaults to softmax
// everywhere. MoE of num_local_experts experts of intermediate_size on every layer, plus one
// shared expert of shared_intermediate_size when it is not 0.
func (b *hfBuild) minimax(hybrid bool) error {
	f := b.f
	softmax, err := b.gqa()
	if err != nil {
		return err
	}
	linear := Attention{Kind: Linear, Heads: softmax.Heads, HeadDim: softmax.HeadDim}
	types, err := b.layerTypes("layer_types", "linear_attention", "full_attention")
	if err != nil {
		return err
	}
	if types == nil {
		codes, err := f.intList("attn_type_list", 1)
		if err != nil {
			return err
		}
		switch {
		case codes == nil && hybrid:
			return f.errorf("attn_type_list", "missing; want one entry per layer, 0 for linear (Lightning) and 1 for softmax attention")
		case codes == nil:
			codes = make([]int, b.layers)
			for i := range codes {
				codes[i] = 1
			}
			f.note("attn_type_list", "", "absent; default: softmax attention on every layer")
		case len(codes) != b.layers:
			return f.errorf("attn_type_list", "has %d entries; want one per layer (num_hidden_layers %d)", len(codes), b.layers)
		}
		types = make([]string, b.layers)
		for i, c := range codes {
			types[i] = "linear_attention"
			if c == 1 {
				types[i] = "full_attention"
			}
		}
	}
	b.hybrid(types, softmax, linear)
	return b.allFFN(b.moeSharedWidth("num_local_experts", "num_experts_per_tok", "intermediate_size", "shared_intermediate_size"))
}

// ernie: GQA; MoE of moe_num_experts (top moe_k) of moe_intermediate_size plus
// moe_num_shared_experts on every moe_layer_interval-th layer from moe_layer_start_index to
// moe_layer_end_index, dense of intermediate_size elsewhere.
func (b *hfBuild) ernie() error {
	f := b.f
	if err := b.allGQA(); err != nil {
		return err
	}
	start, err := f.countOrLimit("moe_layer_start_index", 0, maxHFLayers)
	if err != nil {
		return err
	}
	end := b.layers - 1
	if v, ok := f.get("moe_layer_end_index"); ok {
		n, err := f.integer("moe_layer_end_index", v, maxHFLayers)
		if err != nil {
			return err
		}
		switch {
		case n == -1:
			f.note("moe_layer_end_index", "-1", "the last layer")
		case n < -1:
			return f.errorf("moe_layer_end_index", "want a layer number or -1 (the last layer), got %d", n)
		default:
			end = n
			f.note("moe_layer_end_index", strconv.Itoa(n), "")
		}
	}
	every, err := f.positiveOr("moe_layer_interval", 1)
	if err != nil {
		return err
	}
	return b.setFFN(func(i int) bool { return i >= start && i <= end && (i+1)%every == 0 },
		func() (FFN, error) {
			return b.moeSharedCount("moe_num_experts", "moe_k", "moe_intermediate_size", "moe_num_shared_experts")
		},
		func() (FFN, error) { return b.dense("intermediate_size") })
}

// qwen3Next (Qwen3-Next; Qwen3.5 when qwen35): GQA on the full-attention layers (layer_types,
// or every full_attention_interval-th layer) with the output gate (always in Qwen3-Next; as
// attn_output_gate says in Qwen3.5), Gated DeltaNet (linear_num_value_heads value heads over
// linear_num_key_heads query/key heads, a short convolution of linear_conv_kernel_dim) on the
// others; Qwen MoE with one shared expert of shared_expert_intermediate_size.
func (b *hfBuild) qwen3Next(qwen35 bool) error {
	f := b.f
	full, err := b.gqa()
	if err != nil {
		return err
	}
	full.OutputGate = true
	full.QKNorm = true // Qwen3-Next's and Qwen3.5's gated attention normalise q and k per head
	if qwen35 {
		if full.OutputGate, err = f.boolOr("attn_output_gate", true); err != nil {
			return err
		}
	}
	lin := Attention{Kind: GatedDeltaNet}
	for _, x := range []struct {
		name string
		v    *int
	}{{"linear_num_value_heads", &lin.Heads}, {"linear_num_key_heads", &lin.KVHeads}, {"linear_key_head_dim", &lin.HeadDim}, {"linear_value_head_dim", &lin.ValueDim}} {
		if *x.v, err = f.positive(x.name); err != nil {
			return err
		}
	}
	if lin.Heads%lin.KVHeads != 0 {
		return f.errorf("linear_num_value_heads", "%d value heads are not a multiple of %d key heads (linear_num_key_heads)", lin.Heads, lin.KVHeads)
	}
	if lin.ConvKernel, err = f.positiveOr("linear_conv_kernel_dim", 4); err != nil {
		return err
	}
	types, err := b.layerTypes("layer_types", "linear_attention", "full_attention")
	if err != nil {
		return err
	}
	if types == nil {
		every, err := f.positiveOr("full_attention_interval", 4)
		if err != nil {
			return err
		}
		types = make([]string, b.layers)
		for i := range types {
			types[i] = "linear_attention"
			if (i+1)%every == 0 {
				types[i] = "full_attention"
			}
		}
	} else if v, ok := f.obj["full_attention_interval"]; ok {
		f.note("full_attention_interval", shortJSON(v), "not used: layer_types names every layer")
	}
	b.hybrid(types, full, lin)
	if qwen35 {
		n, err := f.countOr("mtp_num_hidden_layers", 0)
		if err != nil {
			return err
		}
		b.mtpLayers = n
	}
	isMoE, err := b.qwenMoELayers()
	if err != nil {
		return err
	}
	b.notes = append(b.notes, "Gated DeltaNet's per-head A_log and dt_bias, the gated output norm and the q/k L2 norms are elementwise or norm weights and are left out")
	return b.setFFN(isMoE,
		func() (FFN, error) {
			return b.moeSharedWidth("num_experts", "num_experts_per_tok", "moe_intermediate_size", "shared_expert_intermediate_size")
		},
		func() (FFN, error) { return b.dense("intermediate_size") })
}
