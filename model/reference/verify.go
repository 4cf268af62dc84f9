package reference

import (
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strings"

	"github.com/decost/decost/model"
	"gonum.org/v1/gonum/mat"
)

// Tolerance is the largest relative error an equivalence check accepts.
const Tolerance = 1e-9

// Check is one comparison Verify makes on one layer kind.
type Check struct {
	// Layer is the layer kind's name in the full-size model, e.g. "mfa/moe".
	Layer string `json:"layer"`
	// Name says what is compared, e.g. "attention linear FLOPs" or "MLA absorbed = naive".
	Name string `json:"check"`
	// Expected and Measured: for a count, the analytic value from package model (adjusted by
	// the documented term the Name spells out, if any) and what the pass measured, which
	// must be equal; for an equivalence, the Tolerance and the relative error between the two
	// computations, which must not exceed it.
	Expected float64 `json:"expected"`
	Measured float64 `json:"measured"`
	// Equivalence tells an equivalence from a count.
	Equivalence bool `json:"equivalence"`
	// OK says the check passed.
	OK bool `json:"ok"`
	// Detail, on a failed count, names the products whose FLOPs differ.
	Detail string `json:"detail,omitempty"`
}

// String is the check in one line: layer, name, expected and measured, and the detail of a
// failure.
func (c Check) String() string {
	s := fmt.Sprintf("%s %s: expected %v, measured %v", c.Layer, c.Name, c.Expected, c.Measured)
	if c.Detail != "" {
		s += " (" + c.Detail + ")"
	}
	return s
}

func count(layer, name string, expected, measured float64) Check {
	return Check{Layer: layer, Name: name, Expected: expected, Measured: measured, OK: expected == measured}
}

func equivalence(layer, name string, got, want *mat.Dense) Check {
	e := relativeError(got.RawRowView(0), want.RawRowView(0))
	return Check{Layer: layer, Name: name, Expected: Tolerance, Measured: e, Equivalence: true, OK: e <= Tolerance}
}

// Verify scales m down (Shrink), builds one random layer of every layer kind, decodes one
// token at Context, and checks the analytic counts of package model against what the pass
// measured, and the pass's equivalences (docs/design.md §reference). Layers are named as in m.
func Verify(m *model.Model) ([]Check, error) {
	small := Shrink(m)
	if err := small.Validate(); err != nil {
		return nil, fmt.Errorf("verify %s: scaled-down model: %w", m.ID, err)
	}
	kinds, smallKinds := m.Kinds(), small.Kinds()
	if len(kinds) != len(smallKinds) {
		return nil, fmt.Errorf("verify %s: scaling down merged layer kinds (%d kinds became %d)", m.ID, len(kinds), len(smallKinds))
	}
	var checks []Check
	for i, k := range smallKinds {
		cs, err := verifyLayer(kinds[i].Name, k.Layer, small.Hidden, seedOf(m.ID, i))
		if err != nil {
			return nil, fmt.Errorf("verify %s: layer %s: %w", m.ID, kinds[i].Name, err)
		}
		checks = append(checks, cs...)
	}
	return checks, nil
}

// seedOf makes a layer's seed from the model id and the kind's index, so that every run draws
// the same weights.
func seedOf(id string, kind int) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%d", id, kind)
	return h.Sum64()
}

func verifyLayer(name string, spec model.Layer, hidden int, seed uint64) ([]Check, error) {
	l, err := NewLayer(spec, hidden, Context, seed)
	if err != nil {
		return nil, err
	}
	x := newRandom(seed ^ 0x9e3779b97f4a7c15).row(hidden)
	checks := countChecks(name, l, x)
	checks = append(checks, attentionChecks(name, l, x)...)
	return append(checks, ffnChecks(name, l, x)...), nil
}

// countChecks decodes x through the whole layer and holds what the Meter measured against
// model.Layer.CountsAt on the same shape.
func countChecks(name string, l *Layer, x *mat.Dense) []Check {
	return countChecksAgainst(name, l, l.Spec, x)
}

// countChecksAgainst decodes x through l and holds what the Meter measured against the
// analytic counts of spec (l.Spec, unless a test breaks one term on purpose).
func countChecksAgainst(name string, l *Layer, spec model.Layer, x *mat.Dense) []Check {
	var m Meter
	l.withFreshCache().Decode(&m, x)
	H := l.Hidden
	a := spec.Attention
	analytic := spec.CountsAt(H, Context, model.CountOptions{})
	withRouter := spec.CountsAt(H, Context, model.CountOptions{Router: true})
	attended := float64(a.AttendedTokens(Context))

	var checks []Check
	switch a.Kind {
	case model.MLA, model.MLADSA:
		// The absorbed pass does PV at the latent width c; the report counts it at c+p.
		term := 2 * float64(a.Heads) * float64(a.RopeDim) * attended
		checks = append(checks, count(name, "attention core FLOPs − 2·n·p·C' (PV at c, not c+p)", analytic.AttentionFLOPs-term, m.FLOPs[AttentionCore]))
	case model.Linear:
		checks = append(checks, count(name, "attention core FLOPs (5 per state element: decay, kᵀv, q·S)", analytic.AttentionFLOPs, m.FLOPs[AttentionCore]))
	case model.GatedDeltaNet:
		core := count(name, "attention core FLOPs (7 per state element: decay, kᵀS, k·δᵀ, qᵀS; + conv1d 2·K·channels)", analytic.AttentionFLOPs, m.FLOPs[AttentionCore])
		if !core.OK {
			core.Detail = namedDiff(m, map[string]float64{
				"decay": a.StateElements(), "kᵀS": 2 * a.StateElements(), "k·δᵀ": 2 * a.StateElements(), "qᵀS": 2 * a.StateElements(),
				"conv1d": a.ConvFLOPsPerToken(),
			})
		}
		checks = append(checks, core)
	default:
		checks = append(checks, count(name, "attention core FLOPs", analytic.AttentionFLOPs, m.FLOPs[AttentionCore]))
	}
	if a.HasIndexer() {
		ix := count(name, "indexer FLOPs (scores 2·n_I·d_I·C + weighting 2·n_I·C)", analytic.IndexerFLOPs, m.FLOPs[Indexer])
		if !ix.OK {
			c := float64(a.IndexedTokens(Context))
			ix.Detail = namedDiff(m, map[string]float64{
				"index_scores":    2 * float64(a.IndexHeads) * float64(a.IndexHeadDim) * c,
				"index_weighting": 2 * float64(a.IndexHeads) * c,
			})
		}
		indexBytes := m.IndexElementsRead*model.IndexKeyFormat.Bytes() + m.IndexScalesRead*model.IndexScaleBytes
		written := m.IndexElementsWritten*model.IndexKeyFormat.Bytes() + m.IndexScalesWritten*model.IndexScaleBytes
		checks = append(checks, ix,
			count(name, "index key bytes read (FP8 keys + FP32 scales × C)", analytic.IndexerBytes, indexBytes),
			count(name, "index key bytes per token", a.IndexKeyBytesPerToken(), written))
	}
	lin := count(name, "attention linear FLOPs", analytic.LinearFLOPs, m.FLOPs[AttentionLinear])
	if !lin.OK {
		lin.Detail = projectionDiff(a.Projections(H), m)
	}
	checks = append(checks, lin, count(name, "FFN FLOPs", analytic.FFNFLOPs, m.FLOPs[FFN]))
	if spec.FFN.Kind == model.MoE {
		checks = append(checks, count(name, "router FLOPs (CountOptions.Router)", withRouter.FFNFLOPs-analytic.FFNFLOPs, m.FLOPs[Router]))
	}
	if a.Recurrent() {
		checks = append(checks, count(name, "state elements", a.StateElements(), m.StateElementsWritten))
	} else {
		checks = append(checks, count(name, "cached elements per token", a.CachedElementsPerToken(), m.CacheElementsWritten))
	}
	if a.Kind == model.GatedDeltaNet {
		checks = append(checks, count(name, "conv state elements", a.ConvStateElements(), m.ConvStateElementsWritten))
	}
	p := spec.Precision
	kv := m.CacheElementsRead*p.Cache.Bytes() + (m.StateElementsRead+m.StateElementsWritten)*p.State.Bytes() +
		(m.ConvStateElementsRead+m.ConvStateElementsWritten)*model.ConvStateFormat.Bytes()
	weights := a.LinearWeights(H) + a.ConvWeights() + spec.FFN.ActivatedWeights(H) + spec.FFN.RouterWeights(H)
	return append(checks,
		count(name, "KV bytes", analytic.KVBytes, kv),
		count(name, "weight bytes", weights*p.Weights.Bytes(), m.WeightElementsRead*p.Weights.Bytes()),
	)
}

// namedDiff names the products whose measured FLOPs differ from the expected ones.
func namedDiff(m Meter, want map[string]float64) string {
	var diffs []string
	for name, w := range want {
		if got := m.FLOPsByName[name]; got != w {
			diffs = append(diffs, fmt.Sprintf("%s: analytic %v, measured %v", name, w, got))
		}
	}
	sort.Strings(diffs)
	return strings.Join(diffs, "; ")
}

// projectionDiff names the projections whose analytic FLOPs (2·In·Out) differ from the
// measured ones.
func projectionDiff(ps []model.Projection, m Meter) string {
	var diffs []string
	for _, p := range ps {
		if want, got := 2*p.Weights(), m.FLOPsByName[p.Name]; want != got {
			diffs = append(diffs, fmt.Sprintf("%s: analytic 2·%d·%d = %v, measured %v", p.Name, p.In, p.Out, want, got))
		}
	}
	sort.Strings(diffs)
	return strings.Join(diffs, "; ")
}

// attentionChecks holds the attention against its textbook equivalents.
func attentionChecks(name string, l *Layer, x *mat.Dense) []Check {
	a := l.Spec.Attention
	var checks []Check
	run := func(a model.Attention, absorbed bool) *mat.Dense {
		return l.withFreshCache().attention(&Meter{}, a, x, absorbed)
	}
	switch a.Kind {
	case model.GQA:
		direct := directGQA(a, *l.GQA, l.Cache.rows, x.RawRowView(0))
		checks = append(checks, equivalence(name, "GQA = direct softmax formula", run(a, true), row(direct)))
		if kv := l.Cache.Width / (2 * a.HeadDim); kv < a.Heads {
			checks = append(checks, equivalence(name, "GQA = MHA with repeated KV heads", run(a, true), mhaOf(l, x)))
		}
	case model.MFA:
		checks = append(checks, equivalence(name, "MFA = MQA with full-rank W_Q = W_Qdown·diag(γ)·W_Qup/rms", run(a, true), fullRankMFA(l, x)))
	case model.MLA:
		checks = append(checks, equivalence(name, "MLA absorbed = naive", run(a, true), run(a, false)))
	case model.Linear:
		direct := directLinear(a, *l.Linear, l.History, x.RawRowView(0))
		checks = append(checks, equivalence(name, "recurrent state = parallel decayed sum", run(a, true), row(direct)))
	case model.GatedDeltaNet:
		direct := directGatedDeltaNet(a, *l.GDN, l.GDNHistory, l.ConvState, x)
		checks = append(checks, equivalence(name, "delta rule = transition form S ← e^g·(I − β·k·kᵀ)·S + β·k·vᵀ", run(a, true), row(direct)))
	case model.MLADSA:
		what := "sparse MLA = naive MLA over the direct indexer's top-k"
		if l.Indexer == nil {
			what = "sparse MLA = naive MLA over the shared top-k"
		}
		checks = append(checks, equivalence(name, what, run(a, true), row(directSparseMLA(l, x.RawRowView(0)))))
		if l.Indexer != nil {
			dense := a
			dense.Kind, dense.IndexHeads, dense.IndexHeadDim, dense.IndexTopK = model.MLA, 0, 0, 0
			all := a
			all.IndexTopK = Context
			checks = append(checks, equivalence(name, fmt.Sprintf("top-%d of %d tokens = dense MLA", Context, Context), run(all, true), run(dense, true)))
		}
	}
	if w := a.Window; w > 0 && w < Context {
		full := a
		full.Window = 0
		trimmed := l.withFreshCache()
		trimmed.Cache.KeepLast(w - 1)
		got := trimmed.attention(&Meter{}, full, x, true)
		checks = append(checks, equivalence(name, fmt.Sprintf("window %d = full attention over the last %d tokens", w, w), run(a, true), got))
	}
	return checks
}

// ffnChecks holds the FFN against its direct formula.
func ffnChecks(name string, l *Layer, x *mat.Dense) []Check {
	got := l.FFN(&Meter{}, x)
	if l.Dense != nil {
		return []Check{equivalence(name, "SwiGLU = direct formula", got, row(directSwiGLU(*l.Dense, x.RawRowView(0))))}
	}
	return []Check{equivalence(name, "MoE = weighted sum of the selected experts one by one", got, row(directMoE(*l.MoE, x.RawRowView(0))))}
}

func row(v []float64) *mat.Dense { return mat.NewDense(1, len(v), v) }

// mhaOf runs the layer's GQA as MHA: every query head gets its own key and value head, a
// copy of its group's (weights and cache alike).
func mhaOf(l *Layer, x *mat.Dense) *mat.Dense {
	a := l.Spec.Attention
	d := a.HeadDim
	kv := l.Cache.Width / (2 * d)
	group := a.Heads / kv
	H := l.Hidden
	w := GQAWeights{Q: l.GQA.Q, O: l.GQA.O, K: mat.NewDense(H, a.Heads*d, nil), V: mat.NewDense(H, a.Heads*d, nil)}
	cache := &KVCache{Width: 2 * a.Heads * d}
	for range l.Cache.rows {
		cache.rows = append(cache.rows, make([]float64, cache.Width))
	}
	for h := 0; h < a.Heads; h++ {
		g := h / group
		w.K.Slice(0, H, h*d, (h+1)*d).(*mat.Dense).Copy(l.GQA.K.Slice(0, H, g*d, (g+1)*d))
		w.V.Slice(0, H, h*d, (h+1)*d).(*mat.Dense).Copy(l.GQA.V.Slice(0, H, g*d, (g+1)*d))
		for j, r := range l.Cache.rows {
			copy(cache.rows[j][h*d:(h+1)*d], r[g*d:(g+1)*d])
			copy(cache.rows[j][a.Heads*d+h*d:a.Heads*d+(h+1)*d], r[kv*d+g*d:kv*d+(g+1)*d])
		}
	}
	mha := a
	mha.KVHeads = a.Heads
	return GQA(&Meter{}, mha, w, cache, x)
}

// fullRankMFA computes MFA's output as MQA (one key/value head) with the explicit full-rank
// query projection its two factors make for this token: the RMS norm is a scalar 1/rms times
// the diagonal gain γ, so q = x·(W_Qdown·diag(γ)·W_Qup)/rms(x·W_Qdown). The attention is the
// direct formula.
func fullRankMFA(l *Layer, x *mat.Dense) *mat.Dense {
	a, w := l.Spec.Attention, l.MFA
	cq := vecMat(x.RawRowView(0), w.QDown)
	rms := 0.0
	for _, e := range cq {
		rms += e * e
	}
	rms = math.Sqrt(rms/float64(len(cq)) + 1e-6)
	gain := make([]float64, len(w.QNorm))
	for i, g := range w.QNorm {
		gain[i] = g / rms
	}
	var scaledDown, full mat.Dense
	scaledDown.Mul(w.QDown, mat.NewDiagDense(len(gain), gain))
	full.Mul(&scaledDown, w.QUp)
	mqa := model.Attention{Kind: model.GQA, Heads: a.Heads, KVHeads: 1, HeadDim: a.HeadDim, Window: a.Window}
	return row(directGQA(mqa, GQAWeights{Q: &full, K: w.K, V: w.V, O: w.O}, l.Cache.rows, x.RawRowView(0)))
}
