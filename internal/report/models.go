package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/decost/decost/model"
	"github.com/decost/decost/render"
)

// ModelsTable lists models with their computed and quoted parameter counts.
func ModelsTable(ms []*model.Model) *render.Table {
	b := render.Billions
	t := &render.Table{
		Columns: []render.Column{
			{Key: "id", Header: "id"},
			{Key: "name", Header: "name", Detail: true},
			{Key: "in_report", Header: "report", Wide: true},
			{Key: "layers", Header: "layers"},
			{Key: "hidden", Header: "H"},
			{Key: "total_params", Header: "total", Show: b},
			{Key: "quoted_total_params", Header: "quoted", Show: b, Wide: true},
			{Key: "activated_params", Header: "activated", Show: b},
			{Key: "quoted_activated_params", Header: "quoted", Show: b, Wide: true},
			{Key: "total_params_without_embeddings", Header: "total w/o emb", Show: b, Detail: true},
			{Key: "activated_params_without_embeddings", Header: "activated w/o emb", Show: b, Detail: true},
			{Key: "kv_bytes_per_context_token", Header: "KV B/ctx tok", Show: render.Sig(6)},
			{Key: "max_context", Header: "max context", Detail: true},
			{Key: "moe_sparsity", Header: "sparsity", Show: render.Sig(3)},
			{Key: "pattern", Header: "layer pattern"},
			{Key: "source", Header: "source", Detail: true},
		},
		Caption: "Parameter counts computed from the architecture with embeddings, in billions; 'quoted' is the report's or vendor's figure.\n" +
			"KV B/ctx tok: KV cache bytes per token of context over all global layers (windowed layers stop growing at their window; linear-attention state not included).",
	}
	for _, m := range ms {
		p := m.Params()
		t.Add(m.ID, m.Name, m.InReport, len(m.Layers), m.Hidden,
			p.TotalWithEmbeddings(), m.Quoted.Total, p.ActivatedWithEmbeddings(), m.Quoted.Activated,
			p.Total, p.Activated, m.KVBytesPerContextToken(), m.MaxContext, m.MainFFN().Sparsity(), m.Describe(), m.Source)
	}
	return t
}

// ModelShow is what 'decost models show' prints (its JSON form).
type ModelShow struct {
	// ID, Name and Source identify the model and where its figures come from.
	ID     string `json:"id"`
	Name   string `json:"name"`
	Source string `json:"source"`
	// Architecture is the config.json's architectures entry decost mapped and File the
	// file read; both empty for a built-in model.
	Architecture string `json:"architecture,omitempty"`
	File         string `json:"file,omitempty"`
	// Hidden is the hidden size H; Layers the layer count L; Vocab the vocabulary;
	// TiedEmbeddings says the LM head shares the input embedding.
	Hidden         int  `json:"hidden"`
	Layers         int  `json:"layers"`
	Vocab          int  `json:"vocab"`
	TiedEmbeddings bool `json:"tied_embeddings"`
	// MaxContext is max_position_embeddings in tokens (0: not stated).
	MaxContext int `json:"max_context_tokens,omitempty"`
	// Pattern describes the layer pattern in words; Kinds are the layer kinds.
	Pattern string            `json:"pattern"`
	Kinds   []model.LayerKind `json:"layer_kinds"`
	// TotalParams and ActivatedParams are computed from the architecture with embeddings;
	// the WithoutEmb fields without them; EmbeddingParams the embeddings alone.
	TotalParams               float64 `json:"total_params"`
	ActivatedParams           float64 `json:"activated_params"`
	TotalParamsWithoutEmb     float64 `json:"total_params_without_embeddings"`
	ActivatedParamsWithoutEmb float64 `json:"activated_params_without_embeddings"`
	EmbeddingParams           float64 `json:"embedding_params"`
	// Quoted are the report's or vendor's parameter counts, from QuotedFrom.
	Quoted     model.QuotedParams `json:"quoted_params"`
	QuotedFrom string             `json:"quoted_from,omitempty"`
	// SameAsBuiltin names the built-in model with the same layers, for an import.
	SameAsBuiltin string `json:"same_as_builtin,omitempty"`
	// KVBytesPerContextToken is the KV cache bytes per token of context over the global
	// layers; LinearStateBytesPerDecode a linear-attention state's bytes read and written
	// per decoded token.
	KVBytesPerContextToken    float64 `json:"kv_bytes_per_context_token"`
	LinearStateBytesPerDecode float64 `json:"linear_state_bytes_per_decoded_token"`
	// KVBytesPerDecodedTokenAt8K and …32K are the KV bytes one decoded token reads at
	// contexts 8192 and 32768.
	KVBytesPerDecodedTokenAt8K  float64 `json:"kv_bytes_per_decoded_token_at_8192"`
	KVBytesPerDecodedTokenAt32K float64 `json:"kv_bytes_per_decoded_token_at_32768"`
	// IndexBytesPerDecodedTokenAt8K and …32K are the index key bytes a lightning indexer
	// reads per decoded token (DeepSeek Sparse Attention), beside the core's KV bytes.
	IndexBytesPerDecodedTokenAt8K  float64 `json:"index_key_bytes_per_decoded_token_at_8192,omitempty"`
	IndexBytesPerDecodedTokenAt32K float64 `json:"index_key_bytes_per_decoded_token_at_32768,omitempty"`
	// EffectiveRank is the attention's effective rank; MoESparsity (top-k + shared) /
	// (routed + shared), 1 for dense.
	EffectiveRank int     `json:"effective_rank"`
	MoESparsity   float64 `json:"moe_sparsity"`
	// FieldsUsed, FieldsIgnored and FieldsNotRead are the config.json fields the import
	// read, ignored on purpose (with why) and did not read; Notes what else it says.
	FieldsUsed    []model.HFField `json:"fields_used,omitempty"`
	FieldsIgnored []model.HFField `json:"fields_ignored,omitempty"`
	FieldsNotRead []string        `json:"fields_not_read,omitempty"`
	Notes         []string        `json:"notes,omitempty"`
}

// NewModelShow gathers what 'models show' prints; imp is nil for a built-in model.
func NewModelShow(m *model.Model, imp *model.HFImport) ModelShow {
	p := m.Params()
	r := ModelShow{
		ID: m.ID, Name: m.Name, Source: m.Source, Hidden: m.Hidden, Layers: len(m.Layers), Vocab: m.Vocab,
		TiedEmbeddings: m.TiedEmbeddings, Pattern: m.Describe(), Kinds: m.Kinds(),
		TotalParams: p.TotalWithEmbeddings(), ActivatedParams: p.ActivatedWithEmbeddings(),
		TotalParamsWithoutEmb: p.Total, ActivatedParamsWithoutEmb: p.Activated, EmbeddingParams: p.Embedding,
		Quoted: m.Quoted, KVBytesPerContextToken: m.KVBytesPerContextToken(),
		KVBytesPerDecodedTokenAt8K:     m.CountsAt(8192, model.CountOptions{}).Total.KVBytes,
		KVBytesPerDecodedTokenAt32K:    m.CountsAt(32768, model.CountOptions{}).Total.KVBytes,
		IndexBytesPerDecodedTokenAt8K:  m.CountsAt(8192, model.CountOptions{}).Total.IndexerBytes,
		IndexBytesPerDecodedTokenAt32K: m.CountsAt(32768, model.CountOptions{}).Total.IndexerBytes,
		EffectiveRank:                  m.EffectiveRank(), MoESparsity: m.MainFFN().Sparsity(),
		MaxContext: m.MaxContext,
	}
	if m.Quoted != (model.QuotedParams{}) {
		r.QuotedFrom = m.ID
	}
	r.LinearStateBytesPerDecode = m.StateBytesPerDecodedToken()
	if imp != nil {
		r.Architecture, r.File = imp.Architecture, imp.File
		r.FieldsUsed, r.FieldsIgnored, r.FieldsNotRead, r.Notes = imp.Used, imp.Ignored, imp.Unread, imp.Notes
		if id := sameBuiltin(m); id != "" {
			b, _ := model.Builtin(id)
			r.SameAsBuiltin, r.Quoted, r.QuotedFrom = id, b.Quoted, "built-in "+id
			differ := 0
			for i, l := range b.Layers {
				if l.Precision != m.Layers[i].Precision {
					differ++
				}
			}
			if differ > 0 {
				r.Notes = append(r.Notes, fmt.Sprintf("built-in %s has other formats on %d layers (the report's profile, which a config.json does not state); set them with --precision", id, differ))
			}
		}
	}
	return r
}

// sameBuiltin returns the id of the built-in model whose layers (attention and FFN, whatever
// the precision), hidden size and vocabulary equal m's, or "".
func sameBuiltin(m *model.Model) string {
	for _, id := range model.BuiltinIDs() {
		b, err := model.Builtin(id)
		if err != nil || b.Hidden != m.Hidden || b.Vocab != m.Vocab || b.TiedEmbeddings != m.TiedEmbeddings || len(b.Layers) != len(m.Layers) {
			continue
		}
		same := true
		for i, l := range b.Layers {
			same = same && l.Attention == m.Layers[i].Attention && l.FFN == m.Layers[i].FFN
		}
		if same {
			return id
		}
	}
	return ""
}

// Table lays the record out as rows of section, item, value and note.
func (r ModelShow) Table() *render.Table {
	t := &render.Table{
		Columns: []render.Column{
			{Key: "section", Header: "section"},
			{Key: "item", Header: "item"},
			{Key: "value", Header: "value", Show: showValue},
			{Key: "note", Header: "note"},
		},
		Caption: "Parameter counts are computed from the architecture (attention projections, experts, router; norms, biases and MTP layers left out).\n" +
			"KV bytes per context token: global layers only (windowed layers stop growing at their window); a linear-attention state is read and written once per decoded token.",
	}
	t.Add("model", "id", r.ID, "")
	t.Add("model", "name", r.Name, "")
	if r.File != "" {
		t.Add("model", "file", r.File, "")
		t.Add("model", "architecture", r.Architecture, "the config's \"architectures\" entry decost mapped")
	}
	t.Add("model", "source", r.Source, "")
	t.Add("model", "hidden size", r.Hidden, "")
	t.Add("model", "layers", r.Layers, "")
	t.Add("model", "vocabulary", r.Vocab, tied(r.TiedEmbeddings))
	if r.MaxContext > 0 {
		t.Add("model", "max context (tokens)", r.MaxContext, "max_position_embeddings; a longer context gets a warning")
	}
	t.Add("model", "layer pattern", r.Pattern, "")
	for _, k := range r.Kinds {
		t.Add("layer kind", k.Name, fmt.Sprintf("%d layers", k.Count()), describeLayer(k.Layer))
	}
	quoted := func(v float64) string {
		if v == 0 {
			return ""
		}
		return "quoted " + render.Billions(v) + " (" + r.QuotedFrom + ")"
	}
	t.Add("parameters", "total with embeddings", r.TotalParams, withBillions(r.TotalParams, quoted(r.Quoted.Total)))
	t.Add("parameters", "activated with embeddings", r.ActivatedParams, withBillions(r.ActivatedParams, quoted(r.Quoted.Activated)))
	t.Add("parameters", "total without embeddings", r.TotalParamsWithoutEmb, withBillions(r.TotalParamsWithoutEmb, ""))
	t.Add("parameters", "activated without embeddings", r.ActivatedParamsWithoutEmb, withBillions(r.ActivatedParamsWithoutEmb, ""))
	t.Add("parameters", "embeddings", r.EmbeddingParams, withBillions(r.EmbeddingParams, "input embedding + LM head"+map[bool]string{true: " (tied: counted once)", false: ""}[r.TiedEmbeddings]))
	if r.SameAsBuiltin != "" {
		t.Add("parameters", "same architecture as", r.SameAsBuiltin, "the built-in model with identical layers (precision aside)")
	}
	t.Add("cache", "KV bytes per context token", r.KVBytesPerContextToken, "global layers")
	if r.LinearStateBytesPerDecode > 0 {
		t.Add("cache", "linear-attention state bytes per decoded token", r.LinearStateBytesPerDecode, "read + written, whatever the context")
	}
	t.Add("cache", "KV bytes per decoded token at 8192", r.KVBytesPerDecodedTokenAt8K, "as 'decost counts'")
	t.Add("cache", "KV bytes per decoded token at 32768", r.KVBytesPerDecodedTokenAt32K, "")
	if r.IndexBytesPerDecodedTokenAt8K > 0 {
		t.Add("cache", "index key bytes per decoded token at 8192", r.IndexBytesPerDecodedTokenAt8K, "read by the lightning indexer, beside the core's KV bytes")
		t.Add("cache", "index key bytes per decoded token at 32768", r.IndexBytesPerDecodedTokenAt32K, "")
	}
	t.Add("attention", "effective rank", r.EffectiveRank, "query heads × per-head QK width without RoPE")
	t.Add("ffn", "MoE sparsity", r.MoESparsity, "(top-k + shared) / (routed + shared); 1 for dense")
	for _, f := range r.FieldsUsed {
		t.Add("field used", f.Name, f.Value, f.Note)
	}
	for _, f := range r.FieldsIgnored {
		t.Add("field ignored", f.Name, f.Value, f.Note)
	}
	// Fields not read, four to a row to keep the table narrow.
	for i := 0; i < len(r.FieldsNotRead); i += 4 {
		t.Add("fields not read", "", strings.Join(r.FieldsNotRead[i:min(i+4, len(r.FieldsNotRead))], ", "), "they change no count")
	}
	for _, n := range r.Notes {
		t.Add("note", "", n, "")
	}
	return t
}

func tied(b bool) string {
	if b {
		return "embeddings tied with the LM head"
	}
	return ""
}

// withBillions prefixes a note with a count in billions.
func withBillions(v float64, note string) string {
	s := render.Billions(v)
	if note != "" {
		s += "; " + note
	}
	return s
}

// showValue writes whole numbers exactly and other floats with 6 significant digits.
func showValue(v any) string {
	if x, ok := v.(float64); ok {
		if x == float64(int64(x)) && x < 1e18 && x > -1e18 {
			return strconv.FormatInt(int64(x), 10)
		}
		return render.Sig(6)(x)
	}
	return render.Exact(v)
}

// describeLayer says in words what one layer kind is.
func describeLayer(l model.Layer) string {
	a, f, p := l.Attention, l.FFN, l.Precision
	var attn string
	kv := a.KVHeadCount()
	switch a.Kind {
	case model.GQA:
		attn = fmt.Sprintf("GQA %d query / %d KV heads × %d", a.Heads, kv, a.HeadDim)
	case model.MFA:
		attn = fmt.Sprintf("MFA %d query heads × %d (query rank %d), %d shared K and V head(s)", a.Heads, a.HeadDim, a.QueryRank, kv)
	case model.MLA, model.MLADSA:
		q := "full-rank query"
		if a.QueryRank > 0 {
			q = fmt.Sprintf("q_lora %d", a.QueryRank)
		}
		attn = fmt.Sprintf("MLA %d heads, %s, kv_lora %d + rope %d cached, nope %d, v %d", a.Heads, q, a.KVRank, a.RopeDim, a.NopeDim, a.ValueDim)
		switch {
		case a.HasIndexer():
			attn += fmt.Sprintf("; sparse: lightning indexer %d heads × %d over FP8 index keys, core attends top-%d", a.IndexHeads, a.IndexHeadDim, a.IndexTopK)
		case a.Kind == model.MLADSA:
			attn += fmt.Sprintf("; sparse: reuses an earlier layer's top-%d (no indexer)", a.IndexTopK)
		}
	case model.Linear:
		attn = fmt.Sprintf("Lightning linear attention %d state heads (%d query/key heads) × %d key × %d value", a.Heads, kv, a.HeadDim, a.ValueHeadDim())
	case model.GatedDeltaNet:
		attn = fmt.Sprintf("Gated DeltaNet %d value heads over %d query/key heads × %d key × %d value, conv kernel %d", a.Heads, kv, a.HeadDim, a.ValueHeadDim(), a.ConvKernel)
	}
	if a.OutputGate {
		attn += ", gated output"
	}
	if a.Window > 0 {
		kind := "sliding window"
		if a.Chunked {
			kind = "chunked"
		}
		attn += fmt.Sprintf(", %s %d tokens", kind, a.Window)
	}
	var ffn string
	switch f.Kind {
	case model.Dense:
		ffn = fmt.Sprintf("dense SwiGLU width %d", f.Width)
	case model.MoE:
		ffn = fmt.Sprintf("MoE %d routed experts top-%d × width %d", f.Experts, f.TopK, f.ExpertWidth)
		if f.SharedExperts > 0 {
			ffn += fmt.Sprintf(" + %d shared × width %d", f.SharedExperts, f.SharedExpertWidth())
		}
	}
	prec := fmt.Sprintf("weights %s, cache %s, compute %s", p.Weights, p.Cache, p.Compute)
	if a.Recurrent() {
		prec = fmt.Sprintf("weights %s, state %s, compute %s", p.Weights, p.State, p.Compute)
	}
	return attn + "; " + ffn + "; " + prec
}
