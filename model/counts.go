package model

// CountOptions adds terms the report leaves out (each under 5% of the total in its
// judgement). The zero value counts as the report does.
type CountOptions struct {
	// Router adds the MoE gate, 2·H·Experts FLOPs per MoE layer, to the FFN FLOPs.
	Router bool
	// LMHead adds the output projection, 2·H·Vocab FLOPs per token, to the FFN FLOPs (it is a
	// dense, batched GEMM like the FFN's).
	LMHead bool
}

// Counts are the per-decoded-token costs of some layers at one context, for one sequence.
// The terms are disjoint: the attention of a layer costs AttentionFLOPs + IndexerFLOPs and
// reads KVBytes + IndexerBytes.
type Counts struct {
	// KVBytes is the bytes of KV cache the attention core reads to decode one token: cached
	// elements × bytes per element × attended tokens, plus, for the recurrent kinds, the fixed
	// state read and written (2 × state elements × state bytes, and Gated DeltaNet's
	// convolution state likewise) whatever the context. The index keys are IndexerBytes.
	KVBytes float64 `json:"kv_bytes"`
	// AttentionFLOPs is the attention core's FLOPs (QK and PV against the cache; the state
	// step of a recurrent layer).
	AttentionFLOPs float64 `json:"attention_flops"`
	// IndexerFLOPs is the lightning indexer's FLOPs (MLADSA): scores and weighting over every
	// cached index key (Attention.IndexerFLOPsPerToken); 0 for other kinds.
	IndexerFLOPs float64 `json:"indexer_flops,omitempty"`
	// IndexerBytes is the bytes of index keys (FP8) and their scales (FP32) the indexer reads:
	// Attention.IndexKeyBytesPerToken × C.
	IndexerBytes float64 `json:"indexer_bytes,omitempty"`
	// LinearFLOPs is the attention projections' FLOPs, 2 × projection weights (the indexer's
	// projections included).
	LinearFLOPs float64 `json:"linear_flops"`
	// FFNFLOPs is the FFN's FLOPs, 2 × activated FFN weights (plus router and LM head when
	// CountOptions asks).
	FFNFLOPs float64 `json:"ffn_flops"`
}

// Add returns c + d, term by term.
func (c Counts) Add(d Counts) Counts {
	return Counts{
		KVBytes: c.KVBytes + d.KVBytes, AttentionFLOPs: c.AttentionFLOPs + d.AttentionFLOPs,
		IndexerFLOPs: c.IndexerFLOPs + d.IndexerFLOPs, IndexerBytes: c.IndexerBytes + d.IndexerBytes,
		LinearFLOPs: c.LinearFLOPs + d.LinearFLOPs, FFNFLOPs: c.FFNFLOPs + d.FFNFLOPs,
	}
}

// Scale returns c with every term multiplied by f.
func (c Counts) Scale(f float64) Counts {
	return Counts{
		KVBytes: c.KVBytes * f, AttentionFLOPs: c.AttentionFLOPs * f,
		IndexerFLOPs: c.IndexerFLOPs * f, IndexerBytes: c.IndexerBytes * f,
		LinearFLOPs: c.LinearFLOPs * f, FFNFLOPs: c.FFNFLOPs * f,
	}
}

// ArithmeticIntensity is attention core FLOPs per byte of KV read (docs/design.md §vocabulary); 0 when
// nothing is read.
func (c Counts) ArithmeticIntensity() float64 {
	if c.KVBytes == 0 {
		return 0
	}
	return c.AttentionFLOPs / c.KVBytes
}

// KVBytesPerToken is the KV cache one layer holds for each token of context it keeps, in
// bytes: Attention.CachedElementsPerToken × the cache format's bytes per element, plus, for
// DeepSeek Sparse Attention with its own indexer, the index key and its scales
// (Attention.IndexKeyBytesPerToken, DeepSeek-V3.2: 576 + 132 = 708 with an FP8 cache). 0 for
// the recurrent kinds, whose state does not grow with the context.
func (l Layer) KVBytesPerToken() float64 {
	return l.Attention.CachedElementsPerToken()*l.Precision.Cache.Bytes() + l.Attention.IndexKeyBytesPerToken()
}

// StateBytes is a recurrent layer's fixed state per sequence, in bytes: Attention.StateElements
// × the state format's bytes per element, plus Gated DeltaNet's convolution state
// (Attention.ConvStateElements in ConvStateFormat); 0 for the other kinds.
func (l Layer) StateBytes() float64 {
	return l.Attention.StateElements()*l.Precision.State.Bytes() + l.Attention.ConvStateElements()*ConvStateFormat.Bytes()
}

// KeptTokens is the number of tokens of a sequence at context C whose cache the layer keeps:
// min(C, window) for a windowed layer; all C for DeepSeek Sparse Attention, whose top-k may
// pick any of them (it attends only min(C, top-k)); C otherwise.
func (l Layer) KeptTokens(context int) int {
	if l.Attention.Kind == MLADSA {
		return context
	}
	return l.Attention.AttendedTokens(context)
}

// CacheBytes is the device memory one sequence at context C holds in this layer, in bytes:
// KVBytesPerToken × KeptTokens(C), plus the recurrent state once.
func (l Layer) CacheBytes(context int) float64 {
	return l.KVBytesPerToken()*float64(l.KeptTokens(context)) + l.StateBytes()
}

// KVBytesPerContextToken is the KV cache bytes the model adds per token of context over
// its global (unwindowed) layers: the sum of their KVBytesPerToken. Windowed layers stop
// growing at their window and a linear state does not grow at all, so neither counts.
func (m *Model) KVBytesPerContextToken() float64 {
	var kv float64
	for _, k := range m.Kinds() {
		if l := k.Layer; l.Attention.Window == 0 {
			kv += float64(k.Count()) * l.KVBytesPerToken()
		}
	}
	return kv
}

// StateBytesPerDecodedToken is the linear-attention state traffic of one decoded token over
// all layers, in bytes: each state is read and written once, 2 × StateBytes per layer,
// whatever the context.
func (m *Model) StateBytesPerDecodedToken() float64 {
	var b float64
	for _, k := range m.Kinds() {
		b += float64(k.Count()) * 2 * k.Layer.StateBytes()
	}
	return b
}

// CountsAt returns one layer's counts for one decoded token at the given context, on a model
// of hidden size hidden. KV bytes read are the cached elements × the cache format's bytes ×
// attended tokens plus the recurrent state read and written (2 × StateBytes); the index keys
// a lightning indexer reads are IndexerBytes.
func (l Layer) CountsAt(hidden, context int, opt CountOptions) Counts {
	a := l.Attention
	return l.CountsOver(hidden, a.AttendedTokens(context), a.IndexedTokens(context), opt)
}

// CountsOver returns one layer's counts for one decoded token whose attention core reads
// attended cached tokens and whose indexer scores indexed index keys (CountsAt passes
// AttendedTokens(C) and IndexedTokens(C)). The counts are affine in both.
func (l Layer) CountsOver(hidden, attended, indexed int, opt CountOptions) Counts {
	a := l.Attention
	kv := a.CachedElementsPerToken()*l.Precision.Cache.Bytes()*float64(attended) + 2*l.StateBytes()
	ffn := 2 * l.FFN.ActivatedWeights(hidden)
	if opt.Router {
		ffn += 2 * l.FFN.RouterWeights(hidden)
	}
	return Counts{
		KVBytes:        kv,
		AttentionFLOPs: a.coreFLOPs(attended),
		IndexerFLOPs:   a.indexerFLOPs(indexed),
		IndexerBytes:   a.IndexKeyBytesPerToken() * float64(indexed),
		LinearFLOPs:    2 * a.LinearWeights(hidden),
		FFNFLOPs:       ffn,
	}
}

// KindCounts are the counts of all layers of one kind.
type KindCounts struct {
	// Kind is the layer kind's name (LayerKind.Name), e.g. "mfa/moe".
	Kind string `json:"layer_kind"`
	// Layers is the number of layers of the kind.
	Layers int `json:"layers"`
	// Counts are the counts of all those layers together (one layer's × Layers).
	Counts
}

// ModelCounts are a model's counts per layer kind and in total, for one decoded token.
type ModelCounts struct {
	// Context is the context C the counts are for, in tokens.
	Context int `json:"context"`
	// Kinds are the counts per layer kind, in the order of Model.Kinds.
	Kinds []KindCounts `json:"kinds"`
	// Total is the sum over all layers (plus the LM head when CountOptions asks).
	Total Counts `json:"total"`
}

// CountsAt returns the model's counts for one decoded token at the given context.
func (m *Model) CountsAt(context int, opt CountOptions) ModelCounts {
	mc := ModelCounts{Context: context}
	for _, k := range m.Kinds() {
		c := k.Layer.CountsAt(m.Hidden, context, opt).Scale(float64(k.Count()))
		mc.Kinds = append(mc.Kinds, KindCounts{Kind: k.Name, Layers: k.Count(), Counts: c})
		mc.Total = mc.Total.Add(c)
	}
	if opt.LMHead {
		mc.Total.FFNFLOPs += m.LMHeadFLOPs()
	}
	return mc
}

// EffectiveRank is the effective attention rank of the model's most common softmax attention
// (docs/design.md §counting): query heads × per-head QK width without a decoupled RoPE part. For a model of
// linear attention only it is that of its linear layers.
func (m *Model) EffectiveRank() int {
	best, count := 0, -1
	for _, k := range m.Kinds() {
		n := k.Count()
		if !k.Layer.Attention.Recurrent() {
			n += len(m.Layers) // softmax attention wins over linear
		}
		if n > count {
			best, count = k.Layer.Attention.EffectiveRank(), n
		}
	}
	return best
}
