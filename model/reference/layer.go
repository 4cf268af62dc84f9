package reference

import (
	"fmt"

	"github.com/decost/decost/model"
	"gonum.org/v1/gonum/mat"
)

// Layer is one decoder layer of a model.Layer's shape, with seeded random weights and a
// random cache of context−1 earlier tokens, ready to decode one token.
type Layer struct {
	// Spec is the shape the layer was built from (scaled down by Shrink when Verify builds it).
	Spec model.Layer
	// Hidden is the hidden size H, the width of the token's activation.
	Hidden int
	// AttentionNorm and FFNNorm are the gains of the pre-attention and pre-FFN RMS norms.
	AttentionNorm, FFNNorm []float64

	// Exactly one attention's weights are set, by Spec.Attention.Kind.
	GQA    *GQAWeights
	MFA    *MFAWeights
	MLA    *MLAWeights
	Linear *LinearAttentionWeights
	GDN    *GatedDeltaNetWeights
	// Indexer is an mla-dsa layer's lightning indexer (nil for a layer with a shared index)
	// and IndexCache its cache of index keys, one per token; SharedTopK is, for a layer with
	// a shared index, the min(C, top-k) positions an earlier layer's indexer chose (random).
	Indexer    *IndexerWeights
	IndexCache *KVCache
	SharedTopK []int
	// Cache is the KV cache of a softmax attention; State is a linear attention's state,
	// built from History (Lightning) or GDNHistory (Gated DeltaNet); ConvState is Gated
	// DeltaNet's convolution state.
	Cache      *KVCache
	State      *LinearState
	History    LinearHistory
	GDNHistory GatedDeltaNetHistory
	ConvState  *ConvState

	// Exactly one FFN's weights are set, by Spec.FFN.Kind.
	Dense *SwiGLUWeights
	MoE   *MoEWeights
}

// LinearHistory is the random earlier tokens a linear attention's state is built from: per
// token, its keys (h_qk·dk) and values (h·dv).
type LinearHistory struct {
	Keys, Values [][]float64
}

// NewLayer builds a layer of the given shape on hidden size hidden, with a random cache of
// context−1 earlier tokens, everything drawn from seed.
func NewLayer(spec model.Layer, hidden, context int, seed uint64) (*Layer, error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	if hidden <= 0 || context <= 0 {
		return nil, fmt.Errorf("reference layer: hidden size and context must be positive, got %d and %d", hidden, context)
	}
	g := newRandom(seed)
	l := &Layer{Spec: spec, Hidden: hidden, AttentionNorm: g.gains(hidden), FFNNorm: g.gains(hidden)}
	a, H := spec.Attention, hidden
	kvHeads := a.KVHeads // 0 means as many as query heads (model.Attention)
	if kvHeads == 0 {
		kvHeads = a.Heads
	}
	earlier := context - 1
	switch a.Kind {
	case model.GQA:
		d := a.HeadDim
		q := a.Heads * d
		if a.OutputGate {
			q *= 2
		}
		l.GQA = &GQAWeights{Q: g.matrix(H, q), K: g.matrix(H, kvHeads*d), V: g.matrix(H, kvHeads*d), O: g.matrix(a.Heads*d, H)}
		l.Cache = randomCache(g, 2*kvHeads*d, earlier)
	case model.MFA:
		d, r := a.HeadDim, a.QueryRank
		l.MFA = &MFAWeights{QDown: g.matrix(H, r), QNorm: g.gains(r), QUp: g.matrix(r, a.Heads*d),
			K: g.matrix(H, kvHeads*d), V: g.matrix(H, kvHeads*d), O: g.matrix(a.Heads*d, H)}
		l.Cache = randomCache(g, 2*kvHeads*d, earlier)
	case model.MLA, model.MLADSA:
		n, c, p, dn, dv := a.Heads, a.KVRank, a.RopeDim, a.NopeDim, a.ValueDim
		w := &MLAWeights{KVA: g.matrix(H, c+p), KVANorm: g.gains(c), KVB: g.matrix(c, n*(dn+dv)), O: g.matrix(n*dv, H)}
		if a.QueryRank > 0 {
			w.QA, w.QANorm, w.QB = g.matrix(H, a.QueryRank), g.gains(a.QueryRank), g.matrix(a.QueryRank, n*(dn+p))
		} else {
			w.Q = g.matrix(H, n*(dn+p))
		}
		l.MLA = w
		l.Cache = randomCache(g, c+p, earlier)
		if a.HasIndexer() {
			in := a.QueryRank
			if in == 0 {
				in = H
			}
			l.Indexer = &IndexerWeights{Q: g.matrix(in, a.IndexHeads*a.IndexHeadDim), K: g.matrix(H, a.IndexHeadDim), W: g.matrix(H, a.IndexHeads)}
			l.IndexCache = randomCache(g, a.IndexHeadDim, earlier)
		} else if a.Kind == model.MLADSA {
			l.SharedTopK = topTokens(g.row(context).RawRowView(0), a.IndexTopK)
		}
	case model.Linear:
		dk, dv := a.HeadDim, a.ValueDim
		if dv == 0 {
			dv = dk
		}
		w := &LinearAttentionWeights{Q: g.matrix(H, kvHeads*dk), K: g.matrix(H, kvHeads*dk), V: g.matrix(H, a.Heads*dv),
			Gate: g.matrix(H, a.Heads*dv), O: g.matrix(a.Heads*dv, H), OutNorm: g.gains(a.Heads * dv)}
		for h := 0; h < a.Heads; h++ {
			w.Decay = append(w.Decay, 0.8+0.19*g.r.Float64())
		}
		l.Linear = w
		for j := 0; j < earlier; j++ {
			l.History.Keys = append(l.History.Keys, g.row(kvHeads*dk).RawRowView(0))
			l.History.Values = append(l.History.Values, g.row(a.Heads*dv).RawRowView(0))
		}
		l.State = buildState(w.Decay, l.History, a.Heads, kvHeads, dk, dv)
	case model.GatedDeltaNet:
		nk, dk, nv, dv := kvHeads, a.HeadDim, a.Heads, a.ValueHeadDim()
		channels := 2*nk*dk + nv*dv
		w := &GatedDeltaNetWeights{QKVZ: g.matrix(H, 2*nk*dk+2*nv*dv), BA: g.matrix(H, 2*nv),
			Conv: g.matrix(a.ConvKernel, channels), O: g.matrix(nv*dv, H), OutNorm: g.gains(dv)}
		w.Conv = mat.DenseCopyOf(w.Conv.T()) // channels×K
		for h := 0; h < nv; h++ {
			w.ALog = append(w.ALog, -1+g.r.Float64())
			w.DtBias = append(w.DtBias, 0.1*g.r.NormFloat64())
		}
		l.GDN = w
		hist := GatedDeltaNetHistory{}
		for j := 0; j < earlier; j++ {
			hist.Keys = append(hist.Keys, l2Heads(g.row(nk*dk).RawRowView(0), dk, 1))
			hist.Values = append(hist.Values, g.row(nv*dv).RawRowView(0))
			var beta, decay []float64
			for h := 0; h < nv; h++ {
				beta = append(beta, g.r.Float64())
				decay = append(decay, -0.2*g.r.Float64())
			}
			hist.Beta, hist.Decay = append(hist.Beta, beta), append(hist.Decay, decay)
		}
		l.GDNHistory = hist
		l.State = buildGDNState(a, hist)
		l.ConvState = &ConvState{}
		for i := 0; i < a.ConvKernel-1; i++ {
			l.ConvState.Rows = append(l.ConvState.Rows, g.row(channels).RawRowView(0))
		}
	}
	f := spec.FFN
	switch f.Kind {
	case model.Dense:
		w := randomSwiGLU(g, H, f.Width)
		l.Dense = &w
	case model.MoE:
		w := &MoEWeights{Router: g.matrix(H, f.Experts), TopK: f.TopK}
		for e := 0; e < f.Experts; e++ {
			w.Routed = append(w.Routed, randomSwiGLU(g, H, f.ExpertWidth))
		}
		for s := 0; s < f.SharedExperts; s++ {
			w.Shared = append(w.Shared, randomSwiGLU(g, H, f.SharedExpertWidth()))
		}
		l.MoE = w
	}
	return l, nil
}

func randomCache(g random, width, tokens int) *KVCache {
	c := &KVCache{Width: width}
	for j := 0; j < tokens; j++ {
		c.rows = append(c.rows, g.row(width).RawRowView(0))
	}
	return c
}

func randomSwiGLU(g random, hidden, width int) SwiGLUWeights {
	return SwiGLUWeights{Gate: g.matrix(hidden, width), Up: g.matrix(hidden, width), Down: g.matrix(width, hidden)}
}

// buildState runs the recurrence S_h ← λ_h·S_h + k_jᵀ·v_j over the history, from S_h = 0, so
// that S_h = Σ_j λ_h^(T−j)·k_jᵀ·v_j.
func buildState(decay []float64, hist LinearHistory, heads, qkHeads, dk, dv int) *LinearState {
	s := &LinearState{}
	group := heads / qkHeads
	for h := 0; h < heads; h++ {
		S := mat.NewDense(dk, dv, nil)
		g := h / group
		for j := range hist.Keys {
			S.Scale(decay[h], S)
			k := mat.NewVecDense(dk, append([]float64(nil), hist.Keys[j][g*dk:(g+1)*dk]...))
			v := mat.NewVecDense(dv, append([]float64(nil), hist.Values[j][h*dv:(h+1)*dv]...))
			S.RankOne(S, 1, k, v)
		}
		s.S = append(s.S, S)
	}
	return s
}

// withFreshCache returns a copy of l sharing its weights, with its own copy of the cache and
// state, so that a decode step on the copy leaves l as it was.
func (l *Layer) withFreshCache() *Layer {
	c := *l
	if l.Cache != nil {
		c.Cache = l.Cache.Clone()
	}
	if l.State != nil {
		c.State = l.State.Clone()
	}
	if l.IndexCache != nil {
		c.IndexCache = l.IndexCache.Clone()
	}
	if l.ConvState != nil {
		c.ConvState = l.ConvState.Clone()
	}
	return &c
}

// Attention runs the layer's attention on x (1×H), appending to its cache or updating its
// state. MLA runs in the weight-absorbed form.
func (l *Layer) Attention(m *Meter, x *mat.Dense) *mat.Dense {
	return l.attention(m, l.Spec.Attention, x, true)
}

// attention runs the attention of shape a (the layer's, or a variant of it with another
// window) on the layer's weights and cache; absorbed picks MLA's form.
func (l *Layer) attention(m *Meter, a model.Attention, x *mat.Dense, absorbed bool) *mat.Dense {
	switch {
	case l.GQA != nil:
		return GQA(m, a, *l.GQA, l.Cache, x)
	case l.MFA != nil:
		return MFA(m, a, *l.MFA, l.Cache, x)
	case l.MLA != nil && a.Kind == model.MLADSA:
		return SparseMLA(m, a, *l.MLA, l.Indexer, l.Cache, l.IndexCache, l.SharedTopK, x)
	case l.MLA != nil && absorbed:
		return MLAAbsorbed(m, a, *l.MLA, l.Cache, x)
	case l.MLA != nil:
		return MLANaive(m, a, *l.MLA, l.Cache, x)
	case l.GDN != nil:
		return GatedDeltaNet(m, a, *l.GDN, l.State, l.ConvState, x)
	}
	return LinearAttention(m, a, *l.Linear, l.State, x)
}

// FFN runs the layer's FFN on x (1×H).
func (l *Layer) FFN(m *Meter, x *mat.Dense) *mat.Dense {
	if l.Dense != nil {
		return SwiGLU(m, *l.Dense, x)
	}
	return MoE(m, *l.MoE, x)
}

// Decode runs the whole layer on one token x (1×H), pre-norm with residuals:
//
//	h = x + Attention(RMSNorm(x)), out = h + FFN(RMSNorm(h))
func (l *Layer) Decode(m *Meter, x *mat.Dense) *mat.Dense {
	var h, out mat.Dense
	h.Add(x, l.Attention(m, rmsNorm(x, l.AttentionNorm)))
	out.Add(&h, l.FFN(m, rmsNorm(&h, l.FFNNorm)))
	return &out
}
