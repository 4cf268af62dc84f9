package kernels

import (
	"math"

	"github.com/decost/decost/precision"
)

// Direction is the direction of an MoE all-to-all.
type Direction int

// The two directions of an MoE all-to-all.
const (
	// Dispatch sends each token's activations to the ranks holding its top-k experts.
	Dispatch Direction = iota
	// Combine returns the experts' outputs to the token's rank.
	Combine
)

// String names the direction as the kernel tables and the CLI do: "dispatch" or "combine".
func (d Direction) String() string {
	if d == Combine {
		return "combine"
	}
	return "dispatch"
}

// Set is the kernel tables one card is priced with: at most one table is used per op class
// and dtype (the first added wins; With puts a table first). Build it once per search; its
// lookups do not allocate and it is safe for concurrent use.
type Set struct {
	card    string
	entries [numOps][]entry
	tables  []*Table
}

// entry is a table in a set with its two precomputed bases (inside and outside the grid),
// so that lookups build no strings.
type entry struct {
	t       *Table
	inside  Basis
	outside Basis
}

const numOps = 9

// opIndex is op's place in Ops() and opSpecs (a switch: lookups call it and must not search
// or build a slice; TestOpsAndAxes holds it to opSpecs' order).
func opIndex(op Op) int {
	switch op {
	case OpGEMM:
		return 0
	case OpGroupedGEMM:
		return 1
	case OpMLADecode:
		return 2
	case OpGQADecode:
		return 3
	case OpDSAIndexer:
		return 4
	case OpSparseMLADecode:
		return 5
	case OpGDNDecode:
		return 6
	case OpDispatch:
		return 7
	case OpCombine:
		return 8
	}
	return -1
}

// NewSet returns the set of the given tables for card (the card the times are for; a table
// measured on another card is marked borrowed in its basis). Earlier tables take precedence
// over later ones of the same op class and dtype.
func NewSet(card string, tables ...*Table) *Set {
	s := &Set{card: card}
	for _, t := range tables {
		s.add(t, false)
	}
	return s
}

func (s *Set) add(t *Table, first bool) {
	b := TableBasis(t.ID)
	if t.Card != s.card {
		b += Basis(borrowedPrefix + s.card + ")")
	}
	out := b + outsideSuffix
	if b.Borrowed() {
		out = Basis(string(b[:len(b)-1]) + ", outside grid)")
	}
	e := entry{t: t, inside: b, outside: out}
	i := opIndex(t.Op)
	if first {
		s.entries[i] = append([]entry{e}, s.entries[i]...)
		s.tables = append([]*Table{t}, s.tables...)
	} else {
		s.entries[i] = append(s.entries[i], e)
		s.tables = append(s.tables, t)
	}
}

// With returns a copy of s in which t takes precedence over the tables of its op class and
// dtype (a user's table over the built-in one). s is unchanged. A nil s gives a set for t's
// card.
func (s *Set) With(t *Table) *Set {
	if s == nil {
		return NewSet(t.Card, t)
	}
	c := &Set{card: s.card, tables: append([]*Table(nil), s.tables...)}
	for i := range s.entries {
		c.entries[i] = append([]entry(nil), s.entries[i]...)
	}
	c.add(t, true)
	return c
}

// Card is the id of the card the set prices.
func (s *Set) Card() string { return s.card }

// Tables lists the set's tables, those used first first.
func (s *Set) Tables() []*Table { return append([]*Table(nil), s.tables...) }

// find returns the entry for op and dtype; with anyDType, the first of op if none has dtype.
func (s *Set) find(op Op, dtype precision.Format, anyDType bool) *entry {
	i := opIndex(op)
	if s == nil || i < 0 {
		return nil
	}
	es := s.entries[i]
	for i := range es {
		if es[i].t.DType == dtype {
			return &es[i]
		}
	}
	if anyDType && len(es) > 0 {
		return &es[0]
	}
	return nil
}

// lg is the natural log of a coordinate; a coordinate that is not positive is below every
// grid (clamped to the smallest measured value).
func lg(x float64) float64 {
	if !(x > 0) {
		return math.Inf(-1)
	}
	return math.Log(x)
}

func (e *entry) get(q *[maxAxes]float64) (float64, Basis, bool) {
	sec, out := e.t.lookup(q)
	if out {
		return sec, e.outside, true
	}
	return sec, e.inside, true
}

// Lookup prices op at shape (coordinates in the order of Axes(op), in the axes' units) from
// the set's table for op and dtype: seconds, the basis, and ok=false when no table covers
// the op class and dtype (the caller then falls back to the roofline profile, then ideal).
// It does not allocate when shape has at most 5 coordinates.
func (s *Set) Lookup(op Op, dtype precision.Format, shape ...float64) (seconds float64, basis Basis, ok bool) {
	e := s.find(op, dtype, false)
	if e == nil || len(shape) != e.t.naxes {
		return 0, "", false
	}
	var q [maxAxes]float64
	for i, x := range shape {
		q[i] = lg(x)
	}
	return e.get(&q)
}

// GEMM is the time in seconds of a dense GEMM x[m,k]·W[n,k]ᵀ computing in dtype.
func (s *Set) GEMM(dtype precision.Format, m, n, k int) (seconds float64, basis Basis, ok bool) {
	e := s.find(OpGEMM, dtype, false)
	if e == nil {
		return 0, "", false
	}
	q := [maxAxes]float64{lg(float64(n)), lg(float64(k)), lg(float64(m))}
	return e.get(&q)
}

// GroupedGEMM is the time in seconds of one GPU's grouped MoE GEMM in dtype: localExperts
// experts, each with tokensPerExpert tokens on average, each a GEMM of [tokens,k]·[n,k]ᵀ
// (for a SwiGLU expert's fused gate+up projection n = 2 × intermediate, k = hidden; for the
// down projection n = hidden, k = intermediate).
func (s *Set) GroupedGEMM(dtype precision.Format, localExperts int, tokensPerExpert float64, n, k int) (seconds float64, basis Basis, ok bool) {
	e := s.find(OpGroupedGEMM, dtype, false)
	if e == nil {
		return 0, "", false
	}
	q := [maxAxes]float64{lg(float64(n)), lg(float64(k)), lg(float64(localExperts)), lg(tokensPerExpert)}
	return e.get(&q)
}

// The MLA layout the mla-decode and sparse-mla-decode tables time: FlashMLA's, a cached
// latent of 512 elements plus 64 RoPE elements per token (DeepSeek-V2/V3, Kimi K2, GLM-5).
// An MLA with another kv_lora_rank or RoPE width is not what they measured: do not price it
// from them.
const (
	MLALatentDim = 512
	MLARopeDim   = 64
)

// MLADecode is the time in seconds of one layer's absorbed-MLA decode attention core
// (FlashMLA, MLALatentDim + MLARopeDim per cached token) with the KV cache in kv: batch
// sequences of kvLen cached tokens, heads query heads on this GPU and queryLen query
// tokens per sequence (1 + MTP draft tokens).
func (s *Set) MLADecode(kv precision.Format, batch, kvLen, heads, queryLen int) (seconds float64, basis Basis, ok bool) {
	e := s.find(OpMLADecode, kv, false)
	if e == nil {
		return 0, "", false
	}
	q := [maxAxes]float64{lg(float64(heads) * float64(queryLen)), lg(float64(batch)), lg(float64(kvLen))}
	return e.get(&q)
}

// GQADecode is the time in seconds of one layer's GQA/MHA decode attention core with the
// KV cache in kv: batch sequences of kvLen cached tokens, queryHeads and kvHeads on this
// GPU, head dimension headDim and queryLen query tokens per sequence.
func (s *Set) GQADecode(kv precision.Format, batch, kvLen, queryHeads, kvHeads, headDim, queryLen int) (seconds float64, basis Basis, ok bool) {
	e := s.find(OpGQADecode, kv, false)
	if e == nil || kvHeads <= 0 {
		return 0, "", false
	}
	group := float64(queryHeads) / float64(kvHeads) * float64(queryLen)
	q := [maxAxes]float64{lg(float64(headDim)), lg(float64(kvHeads)), lg(group), lg(float64(batch)), lg(float64(kvLen))}
	return e.get(&q)
}

// DSAIndexer is the time in seconds of one layer's DeepSeek sparse-attention indexer
// logits in dtype: batch sequences of kvLen cached tokens, heads indexer heads and queryLen
// query tokens per sequence.
func (s *Set) DSAIndexer(dtype precision.Format, batch, kvLen, heads, queryLen int) (seconds float64, basis Basis, ok bool) {
	e := s.find(OpDSAIndexer, dtype, false)
	if e == nil {
		return 0, "", false
	}
	q := [maxAxes]float64{lg(float64(heads) * float64(queryLen)), lg(float64(batch)), lg(float64(kvLen))}
	return e.get(&q)
}

// SparseMLADecode is the time in seconds of one layer's sparse MLA decode attention with
// the KV cache in kv, each query attending to topK selected tokens of kvLen cached ones.
func (s *Set) SparseMLADecode(kv precision.Format, batch, kvLen, heads, queryLen, topK int) (seconds float64, basis Basis, ok bool) {
	e := s.find(OpSparseMLADecode, kv, false)
	if e == nil {
		return 0, "", false
	}
	q := [maxAxes]float64{lg(float64(heads) * float64(queryLen)), lg(float64(topK)), lg(float64(batch)), lg(float64(kvLen))}
	return e.get(&q)
}

// GDNDecode is the time in seconds of one gated-DeltaNet layer's decode step (conv update
// plus recurrent state update) for batch sequences and vHeads value heads on this GPU. The
// built-in table is Qwen3.5's layout (conv kernel 4, 16 key heads of 128, value heads of
// 128; 32 or 64 value heads).
func (s *Set) GDNDecode(dtype precision.Format, batch, vHeads int) (seconds float64, basis Basis, ok bool) {
	e := s.find(OpGDNDecode, dtype, false)
	if e == nil {
		return 0, "", false
	}
	q := [maxAxes]float64{lg(float64(vHeads)), lg(float64(batch))}
	return e.get(&q)
}

// AllToAll is the time in seconds of one MoE all-to-all in direction dir over epRanks
// ranks, each sending tokensPerRank tokens of hidden elements in format to topK experts.
// The table measured at its own hidden size, top-k and format is read at the equivalent
// token count tokensPerRank × (hidden·topK·bytes per element) / (the table's), so the time
// scales in bytes; beyond the largest measured tokens it grows at the achieved bandwidth
// of that point, below the smallest it is clamped (see the package doc). A table in the
// requested format is used if there is one, else the op's first table.
func (s *Set) AllToAll(dir Direction, format precision.Format, epRanks int, tokensPerRank float64, hidden, topK int) (seconds float64, basis Basis, ok bool) {
	op := OpDispatch
	if dir == Combine {
		op = OpCombine
	}
	e := s.find(op, format, true)
	if e == nil || !format.Valid() {
		return 0, "", false
	}
	eq := tokensPerRank * float64(hidden) * float64(topK) * a2aBytesPerElement(format) / e.t.a2aBytesPerToken
	q := [maxAxes]float64{lg(float64(epRanks)), lg(eq)}
	return e.get(&q)
}

// AllToAllFabric is the fabric ("rdma" or "nvlink") of the table AllToAll would use for dir
// and format, or "" if there is none. The built-in DeepEP tables are RDMA (scale-out): an
// EP group inside one NVLink domain is not what they measured.
func (s *Set) AllToAllFabric(dir Direction, format precision.Format) string {
	op := OpDispatch
	if dir == Combine {
		op = OpCombine
	}
	if e := s.find(op, format, true); e != nil {
		return e.t.Fabric
	}
	return ""
}
