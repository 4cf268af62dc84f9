package model

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// hfBuild assembles a model from the fields of one config.json object, layer by layer.
type hfBuild struct {
	f    *hfFields // text_config when the file has one, else the top level
	arch string

	hidden, layers, vocab int
	tied                  bool
	maxContext            int

	attn  []Attention // per layer
	ffn   []FFN       // per layer
	notes []string
	// mtpLayers is the number of multi-token-prediction layers the config declares
	// (mtp_num_hidden_layers), recorded in a note; decoding one token at a time does not run
	// them.
	mtpLayers int
}

// base reads the fields every architecture has.
func (b *hfBuild) base() error {
	f := b.f
	var err error
	if b.hidden, err = f.positive("hidden_size"); err != nil {
		return err
	}
	if b.layers, err = f.positiveLimit("num_hidden_layers", maxHFLayers); err != nil {
		return err
	}
	if b.vocab, err = f.positive("vocab_size"); err != nil {
		return err
	}
	if b.tied, err = f.boolOr("tie_word_embeddings", false); err != nil {
		return err
	}
	// Step-3 writes max_position_embedding (singular) and max_seq_len.
	for _, k := range []string{"max_position_embeddings", "max_position_embedding", "max_seq_len"} {
		if f.has(k) {
			if b.maxContext, err = f.countOrLimit(k, 0, maxHFContext); err != nil {
				return err
			}
			break
		}
	}
	b.attn = make([]Attention, b.layers)
	b.ffn = make([]FFN, b.layers)
	return nil
}

// name is the model's display name: the config's _name_or_path, else its architecture.
func (b *hfBuild) name(top *hfFields) string {
	if s, ok := top.obj["_name_or_path"].(string); ok && s != "" {
		return s
	}
	return b.arch
}

// windows lists the distinct attention windows of the model, ascending.
func (b *hfBuild) windows() []int {
	seen := map[int]bool{}
	var ws []int
	for _, a := range b.attn {
		if a.Window > 0 && !seen[a.Window] {
			seen[a.Window] = true
			ws = append(ws, a.Window)
		}
	}
	sort.Ints(ws)
	return ws
}

// headDim reads head_dim, or derives hidden_size / num_attention_heads when it is absent.
func (b *hfBuild) headDim(heads int) (int, error) {
	f := b.f
	if f.has("head_dim") {
		return f.positive("head_dim")
	}
	if b.hidden%heads != 0 {
		return 0, f.errorf("num_attention_heads", "hidden_size %d is not divisible by %d heads, and there is no head_dim", b.hidden, heads)
	}
	d := b.hidden / heads
	f.note("head_dim", strconv.Itoa(d), "absent; hidden_size / num_attention_heads")
	return d, nil
}

// gqa reads grouped-query attention: num_attention_heads, num_key_value_heads, head_dim.
func (b *hfBuild) gqa() (Attention, error) {
	f := b.f
	heads, err := f.positive("num_attention_heads")
	if err != nil {
		return Attention{}, err
	}
	kv, err := f.positiveOr("num_key_value_heads", heads)
	if err != nil {
		return Attention{}, err
	}
	if heads%kv != 0 {
		return Attention{}, f.errorf("num_key_value_heads", "%d query heads (num_attention_heads) are not a multiple of %d key/value heads", heads, kv)
	}
	d, err := b.headDim(heads)
	if err != nil {
		return Attention{}, err
	}
	qk, err := f.boolOr("use_qk_norm", false)
	if err != nil {
		return Attention{}, err
	}
	return Attention{Kind: GQA, Heads: heads, KVHeads: kv, HeadDim: d, QKNorm: qk}, nil
}

// qkNormed marks every softmax-attention layer as normalising its queries and keys (the
// Qwen3 family's q_norm and k_norm, which their configs do not declare).
func (b *hfBuild) qkNormed() {
	for i := range b.attn {
		if k := b.attn[i].Kind; k == GQA || k == MFA {
			b.attn[i].QKNorm = true
		}
	}
}

// moe reads a mixture of routed experts from the architecture's own field names.
func (b *hfBuild) moe(expertsKey, topKKey, widthKey string) (FFN, error) {
	f := b.f
	e, err := f.positive(expertsKey)
	if err != nil {
		return FFN{}, err
	}
	k, err := f.positive(topKKey)
	if err != nil {
		return FFN{}, err
	}
	if k > e {
		return FFN{}, f.errorf(topKKey, "top-k %d is larger than the %d routed experts (%s%s)", k, e, f.prefix, expertsKey)
	}
	w, err := f.positive(widthKey)
	if err != nil {
		return FFN{}, err
	}
	return FFN{Kind: MoE, Experts: e, TopK: k, ExpertWidth: w}, nil
}

// withShared adds n shared experts of the given width (n = 0 adds none).
func withShared(f FFN, n, width int) FFN {
	if n == 0 || width == 0 {
		return f
	}
	f.SharedExperts = n
	if width != f.ExpertWidth {
		f.SharedWidth = width
	}
	return f
}

// moeSharedWidth reads a MoE (moe) with one shared expert whose width is the field
// sharedWidthKey; absent or 0 means no shared expert.
func (b *hfBuild) moeSharedWidth(expertsKey, topKKey, widthKey, sharedWidthKey string) (FFN, error) {
	m, err := b.moe(expertsKey, topKKey, widthKey)
	if err != nil {
		return m, err
	}
	w, err := b.f.countOr(sharedWidthKey, 0)
	return withShared(m, 1, w), err
}

// moeSharedCount reads a MoE (moe) with as many shared experts of the routed width as the
// field sharedCountKey says; absent means none.
func (b *hfBuild) moeSharedCount(expertsKey, topKKey, widthKey, sharedCountKey string) (FFN, error) {
	m, err := b.moe(expertsKey, topKKey, widthKey)
	if err != nil {
		return m, err
	}
	n, err := b.f.countOr(sharedCountKey, 0)
	return withShared(m, n, m.ExpertWidth), err
}

// dense reads a dense SwiGLU FFN of the given width field.
func (b *hfBuild) dense(widthKey string) (FFN, error) {
	w, err := b.f.positive(widthKey)
	return FFN{Kind: Dense, Width: w}, err
}

// setFFN gives layer i the MoE when isMoE(i), the dense FFN otherwise, reading each only
// when some layer needs it.
func (b *hfBuild) setFFN(isMoE func(i int) bool, moe func() (FFN, error), dense func() (FFN, error)) error {
	var m, d *FFN
	for i := range b.ffn {
		var err error
		var x FFN
		if isMoE(i) {
			if m == nil {
				if x, err = moe(); err != nil {
					return err
				}
				m = &x
			}
			b.ffn[i] = *m
			continue
		}
		if d == nil {
			if x, err = dense(); err != nil {
				return err
			}
			d = &x
		}
		b.ffn[i] = *d
	}
	return nil
}

// layerTypes reads a per-layer list of names (layer_types), each one of allowed; nil when
// absent.
func (b *hfBuild) layerTypes(name string, allowed ...string) ([]string, error) {
	types, err := b.f.strList(name)
	if err != nil || types == nil {
		return nil, err
	}
	if len(types) != b.layers {
		return nil, b.f.errorf(name, "has %d entries; want one per layer (num_hidden_layers %d)", len(types), b.layers)
	}
	for i, t := range types {
		ok := false
		for _, a := range allowed {
			ok = ok || t == a
		}
		if !ok {
			return nil, b.f.errorf(fmt.Sprintf("%s[%d]", name, i), "unknown layer type %q (want %s)", t, strings.Join(allowed, " or "))
		}
	}
	return types, nil
}

// window reads a sliding or chunk window in tokens.
func (b *hfBuild) window(name string) (int, error) {
	return b.f.positiveLimit(name, maxHFContext)
}

// layerSet reads an optional list of layer indices; nil when absent.
func (b *hfBuild) layerSet(name string) (map[int]bool, error) {
	list, err := b.f.intList(name, maxHFLayers)
	if err != nil || list == nil {
		return nil, err
	}
	set := map[int]bool{}
	for i, l := range list {
		if err := b.f.layerIndex(fmt.Sprintf("%s[%d]", name, i), l, b.layers); err != nil {
			return nil, err
		}
		set[l] = true
	}
	return set, nil
}

// all sets every layer's attention to a.
func (b *hfBuild) all(a Attention) {
	for i := range b.attn {
		b.attn[i] = a
	}
}

// allGQA reads grouped-query attention (gqa) and gives it to every layer.
func (b *hfBuild) allGQA() error {
	a, err := b.gqa()
	if err != nil {
		return err
	}
	b.all(a)
	return nil
}

// allFFN gives every layer the FFN f and returns err, the error of reading f, so that
// b.allFFN(b.moe(…)) reads and applies in one step.
func (b *hfBuild) allFFN(f FFN, err error) error {
	for i := range b.ffn {
		b.ffn[i] = f
	}
	return err
}
