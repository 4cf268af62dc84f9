package cost

import (
	"math"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/kernels"
	"github.com/decost/decost/precision"
)

// This file is the one home of op pricing: decost roofline and decost deploy both time every
// op through pricer.price. An op's ideal time is its roofline at 100% of peak and bandwidth;
// its calibrated time comes from the card's measured kernel table when one covers the op's
// class and format (basis "table:<id>"), else from the fitted roofline profile
// ("profile:<name>"), else it is the ideal ("ideal", under the ideal profile). A calibrated
// time is never below the ideal one: a measurement faster than the datasheet roofline would
// mean the roof is wrong, and the ideal stays an upper bound on throughput.

// DefaultMinKernelSeconds is the least time one kernel takes on a GPU, in seconds: 3.7 µs, the
// smallest latency in the shipped kernel tables — a 16×512×2048 GEMM on H20 (InferSim
// bench_data/gemm/h20) takes 3.71 µs against 0.5 µs of memory time, and 32- and 64-row GEMMs
// of that shape take the same; the H200 cuBLAS fit's per-kernel overhead (3.8 µs) agrees.
// Small elementwise ops (norms, RoPE, quantisation, SiLU·mul, top-k, KV store, sampling) take
// max(bytes / achieved bandwidth, this).
const DefaultMinKernelSeconds = 3.7e-6

// opClass is how an op is priced.
type opClass uint8

const (
	// classGEMM is a dense GEMM x[m,k]·W[n,k]ᵀ (kernels GEMM table).
	classGEMM opClass = iota
	// classGroupedGEMM is one GPU's routed experts (kernels GroupedGEMM table).
	classGroupedGEMM
	// classMLA is an MLA decode attention core (kernels MLADecode table).
	classMLA
	// classGQA is a GQA/MFA decode attention core (kernels GQADecode table).
	classGQA
	// classDSAIndexer is DeepSeek Sparse Attention's lightning indexer (kernels DSAIndexer
	// table: indexer heads × query length, batch, cached tokens).
	classDSAIndexer
	// classSparseMLA is the sparse MLA decode core over the indexer's top-k (kernels
	// SparseMLADecode table: heads × query length, top-k, batch, cached tokens).
	classSparseMLA
	// classGDN is one Gated DeltaNet layer's decode step, short convolution and state update
	// together (kernels GDNDecode table: value heads, batch).
	classGDN
	// classRoofline is an op no table covers by design (linear attention's core, MLA's
	// absorbed batched matmuls): profile, then ideal.
	classRoofline
	// classElementwise is a small memory-bound op: max(bytes / achieved bandwidth, the minimum
	// kernel time).
	classElementwise
)

// Bounds an op's breakdown names besides hardware.ComputeBound and MemoryBound.
const (
	// BoundKernelMinimum: the minimum kernel time (launch) binds a small op.
	BoundKernelMinimum hardware.Bound = "kernel-minimum"
	// BoundScaleOut and BoundScaleUp: the NIC or the NVLink domain binds a transfer.
	BoundScaleOut hardware.Bound = "nic"
	BoundScaleUp  hardware.Bound = "nvlink"
)

// pricer prices the ops of one card: its roofs, profile and tables, resolved once.
type pricer struct {
	hw        hardware.Accelerator
	prof      hardware.Profile
	tables    *kernels.Set
	bw, bwCal float64
	overhead  float64
	minKernel float64
	profBasis kernels.Basis
	ideal     bool // the profile is the ideal one: calibrated = ideal, basis "ideal"
}

func newPricer(hw hardware.Accelerator, prof hardware.Profile, tables *kernels.Set, minKernel float64) *pricer {
	pr := &pricer{hw: hw, prof: prof, tables: tables, bw: hw.MemoryBytesPerSecond,
		bwCal: hw.MemoryBytesPerSecond * prof.BandwidthFraction, overhead: prof.KernelOverheadSeconds,
		minKernel: minKernel, profBasis: kernels.ProfileBasis(prof.Name)}
	id := hardware.Ideal()
	if prof.ComputeFraction == id.ComputeFraction && prof.BandwidthFraction == 1 && prof.KernelOverheadSeconds == 0 {
		pr.ideal, pr.profBasis = true, kernels.Ideal
	}
	return pr
}

// roof is an op's compute format on the card and its peaks, resolved once.
type roof struct {
	compute          precision.Format
	peak, peakCal    float64
	tableDType       precision.Format
	class            opClass
	n, k             int // GEMM and grouped-GEMM shape
	heads, kvHeads   int // attention core (on this GPU)
	headDim, context int
	topK             int // sparse MLA: tokens attended of context
	// skipTable and skipAlt say, from a probe at prepare time, that the op's table (or the
	// other format's) has no grid around the op's fixed dimensions: lookups would only come
	// back outside the grid or not at all.
	skipTable, skipAlt bool
}

// roofFor resolves the compute format the card uses for an op asked to compute in f.
func (pr *pricer) roofFor(f precision.Format, class opClass) roof {
	g, peak := pr.hw.Compute(f)
	return roof{compute: g, peak: peak, peakCal: peak * pr.prof.ComputeFractionOf(g), tableDType: g, class: class}
}

// priced is one op's times, its basis and its binding roof.
type priced struct {
	ideal, calibrated float64
	basis             kernels.Basis
	bound             hardware.Bound
	// from is set when a GEMM table of another format priced the op (efficiency transfer):
	// the table's format.
	from precision.Format
	// coreKV is set when a decode-attention kernel measured with another KV format priced
	// the op (coreFromOtherKV): the op's own KV format.
	coreKV precision.Format
}

// basisString is the op's basis as outputs print it.
func (p priced) basisString() string {
	if p.from != "" {
		return string(p.basis) + " (" + string(p.from) + " efficiency at this shape)"
	}
	if p.coreKV != "" {
		return string(p.basis) + " (" + string(p.coreKV) + " kv, " + string(DecodeAttentionKernelFormat) + " compute)"
	}
	return string(p.basis)
}

// otherFormat is the format whose GEMM table may stand in for f's by efficiency transfer.
func otherFormat(f precision.Format) precision.Format {
	switch f {
	case precision.BF16, precision.FP16:
		return precision.FP8
	case precision.FP8:
		return precision.BF16
	}
	return ""
}

// DecodeAttentionKernelFormat is the format the measured decode-attention kernels compute in,
// whatever their KV cache's format: FlashMLA's dense kernels (BF16 KV; up to 660 TFLOP/s on
// H800), its sparse FP8-KV kernel (which dequantises the cache and computes in BF16, 410
// TFLOP/s) and the GQA decode kernels. No FP8-compute decode-attention kernel is measured in
// the shipped data (/work/shared/data/public/README.md), so a core asked to compute in FP8
// is, calibrated, a BF16-compute kernel (coreFromOtherKV); its ideal stays the asked format's
// roofline at 100% of peak, an upper bound.
const DecodeAttentionKernelFormat = precision.BF16

// otherKVFormat is the KV format whose decode-attention table may stand in for kv's
// (coreFromOtherKV): BF16's for any narrower or other format, FP8's for BF16.
func otherKVFormat(kv precision.Format) precision.Format {
	if kv == precision.BF16 {
		return precision.FP8
	}
	return precision.BF16
}

// isDecodeCore says the class is a decode-attention core priced from a table keyed by its KV
// format (MLA, GQA, sparse MLA).
func isDecodeCore(c opClass) bool {
	return c == classMLA || c == classGQA || c == classSparseMLA
}

// coreFromOtherKV is the calibrated time of a decode-attention core whose KV format has no
// table of its own, from the kernel measured at the same shape with the other KV format
// (sec, KV format alt). That kernel computes in DecodeAttentionKernelFormat whatever its KV
// format, so the rule is its measured fraction of its own ideal roofline, carried to the
// roofline of the same BF16-compute kernel reading this op's KV bytes:
//
//	measured = max(flops / peakBF16, bytesTable / bw)   (the table kernel's ideal)
//	asked    = max(flops / peakBF16, bytes / bw)        (the same kernel with this op's KV)
//	time     = sec × asked / measured
//
// where bytesTable = bytes − cacheBytes + cacheBytes × alt.Bytes() / kv.Bytes() (only the KV
// cache changes format; queries and outputs stay BF16). So a kernel compute-bound at this
// shape by its own roofline, and still compute-bound with this op's KV, keeps its measured
// time: fewer KV bytes do not make BF16 arithmetic faster. A memory-bound one scales by the
// byte ratio, and only down (or up) to where its compute roof takes over: the KV-byte ratio
// applies to the memory-bound share of its roofline and no further. The same efficiency
// transfer as a GEMM priced from the other format's table (price), with the compute format
// the kernel's own rather than the asked one.
func (pr *pricer) coreFromOtherKV(kv, alt precision.Format, sec, flops, bytes, cacheBytes float64) (float64, bool) {
	_, peak := pr.hw.Compute(DecodeAttentionKernelFormat)
	if !(sec > 0) || !(peak > 0) || !(kv.Bytes() > 0) || !(alt.Bytes() > 0) {
		return 0, false
	}
	bytesTable := bytes - cacheBytes + cacheBytes*alt.Bytes()/kv.Bytes()
	measured := max(flops/peak, bytesTable/pr.bw)
	asked := max(flops/peak, bytes/pr.bw)
	if !(measured > 0) {
		return 0, false
	}
	return sec * asked / measured, true
}

// price times an op of the given FLOPs and bytes, cacheBytes of them the KV cache an
// attention core reads (0 for other ops). tokens is its m (GEMM rows, or tokens per expert
// for a grouped GEMM with localExperts experts; sequences and query length for an attention
// core).
func (pr *pricer) price(r *roof, flops, bytes, cacheBytes, tokens, localExperts, sequences float64, queryLen int) priced {
	if flops == 0 && bytes == 0 {
		return priced{basis: pr.profBasis, bound: hardware.MemoryBound}
	}
	c, m := flops/r.peak, bytes/pr.bw
	p := priced{ideal: m, bound: hardware.MemoryBound}
	if c > m {
		p.ideal, p.bound = c, hardware.ComputeBound
	}
	if pr.ideal {
		p.calibrated, p.basis = p.ideal, kernels.Ideal
		return p
	}
	if pr.tables != nil && r.class != classElementwise && r.class != classRoofline {
		// A GEMM table lists a model's own (n, k) pairs; outside them its nested
		// interpolation mixes unrelated shapes (n = 256 between a 128×65536 and a 576×7168
		// GEMM), so a GEMM outside the grid is priced from the profile instead.
		gemm := r.class == classGEMM || r.class == classGroupedGEMM
		if !r.skipTable {
			if sec, b, ok := pr.lookup(r, r.tableDType, tokens, localExperts, sequences, queryLen); ok && !(gemm && b.Outside()) {
				p.calibrated, p.basis = max(sec, p.ideal), b
				return p
			}
		}
		// A GEMM table of the other format: the kernel's measured fraction of its roofline
		// at this shape, applied to this format's roofline (both formats are priced by the
		// same roofs; weights and activations scale with the element size). Only inside the
		// other table's grid: below it the table clamps to its smallest shape's latency,
		// which says nothing of this op's efficiency.
		if alt := otherFormat(r.tableDType); gemm && !r.skipAlt && alt != "" {
			if sec, b, ok := pr.lookup(r, alt, tokens, localExperts, sequences, queryLen); ok && sec > 0 && !b.Outside() {
				_, peakAlt := pr.hw.Compute(alt)
				if peakAlt > 0 && r.compute.Bytes() > 0 {
					idealAlt := max(flops/peakAlt, bytes*alt.Bytes()/r.compute.Bytes()/pr.bw)
					p.calibrated, p.basis, p.from = max(sec*p.ideal/idealAlt, p.ideal), b, alt
					return p
				}
			}
		}
		// A decode-attention core whose KV format has no table (or not its head layout):
		// the same kernel measured with the other KV format (coreFromOtherKV).
		if alt := otherKVFormat(r.tableDType); isDecodeCore(r.class) && !r.skipAlt {
			if sec, b, ok := pr.lookup(r, alt, tokens, localExperts, sequences, queryLen); ok {
				if t, ok := pr.coreFromOtherKV(r.tableDType, alt, sec, flops, bytes, cacheBytes); ok {
					p.calibrated, p.basis, p.coreKV = max(t, p.ideal), b, r.tableDType
					return p
				}
			}
		}
	}
	p.basis = pr.profBasis
	if r.class == classElementwise {
		bm := bytes / pr.bwCal
		p.calibrated = max(bm, pr.minKernel)
		if pr.minKernel > bm {
			p.bound = BoundKernelMinimum
		}
	} else {
		p.calibrated = max(flops/r.peakCal, bytes/pr.bwCal) + pr.overhead
	}
	p.calibrated = max(p.calibrated, p.ideal)
	return p
}

// probe sets r's skip flags: a GEMM whose (n, k) lie outside the table's grid at a middle
// token count (64) never prices from it.
func (pr *pricer) probe(r *roof, localExperts float64) {
	if pr.tables == nil || (r.class != classGEMM && r.class != classGroupedGEMM) {
		r.skipTable, r.skipAlt = true, true
		return
	}
	out := func(f precision.Format) bool {
		if f == "" {
			return true
		}
		_, b, ok := pr.lookup(r, f, 64, localExperts, 0, 1)
		return !ok || b.Outside()
	}
	r.skipTable, r.skipAlt = out(r.tableDType), out(otherFormat(r.tableDType))
}

// probeLayout clears an attention core's table when the table has not measured its head
// layout: a GQA decode table lists (head dim, KV heads, query heads per KV head) layouts and
// clamps a query outside them to the nearest — twice the KV heads, twice the KV read — so a
// layout it lacks is priced from the profile. The probe asks at a middle batch and length
// (16 sequences of 4096 tokens, one query token), inside every shipped table's grid, of the
// table of the op's KV format and of the other KV format's (coreFromOtherKV).
//
// It also clears the other KV format's MLA or sparse MLA table when the op's heads (or
// top-k) lie outside it, asked at 64 sequences of 4096 tokens (inside both shipped grids):
// below the measured 128 heads a table keeps the 128-head time, which says nothing of the
// kernel's efficiency at 16 heads (DeepSeek-V3 over TP8), so such a core stays on the
// profile, as a GEMM outside the other format's grid does. Batch and length beyond the grid
// are accepted as for the core's own table.
func (pr *pricer) probeLayout(r *roof) {
	if pr.tables == nil {
		return
	}
	alt := otherKVFormat(r.tableDType)
	switch r.class {
	case classGQA:
		out := func(f precision.Format) bool {
			_, b, ok := pr.tables.GQADecode(f, 16, 4096, r.heads, r.kvHeads, r.headDim, 1)
			return !ok || b.Outside()
		}
		r.skipTable, r.skipAlt = out(r.tableDType), out(alt)
	case classMLA:
		_, b, ok := pr.tables.MLADecode(alt, 64, 4096, r.heads, 1)
		r.skipAlt = !ok || b.Outside()
	case classSparseMLA:
		_, b, ok := pr.tables.SparseMLADecode(alt, 64, 4096, r.heads, 1, r.topK)
		r.skipAlt = !ok || b.Outside()
	}
}

// lookup asks the tables for op r in format f.
func (pr *pricer) lookup(r *roof, f precision.Format, tokens, localExperts, sequences float64, queryLen int) (float64, kernels.Basis, bool) {
	switch r.class {
	case classGEMM:
		return pr.tables.GEMM(f, max(1, int(math.Ceil(tokens-1e-9))), r.n, r.k)
	case classGroupedGEMM:
		return pr.tables.GroupedGEMM(f, max(1, int(math.Round(localExperts))), tokens, r.n, r.k)
	case classMLA:
		return pr.tables.MLADecode(f, max(1, int(math.Round(sequences))), r.context, r.heads, queryLen)
	case classGQA:
		return pr.tables.GQADecode(f, max(1, int(math.Round(sequences))), r.context, r.heads, r.kvHeads, r.headDim, queryLen)
	case classDSAIndexer:
		return pr.tables.DSAIndexer(f, max(1, int(math.Round(sequences))), r.context, r.heads, queryLen)
	case classSparseMLA:
		return pr.tables.SparseMLADecode(f, max(1, int(math.Round(sequences))), r.context, r.heads, queryLen, r.topK)
	case classGDN:
		// The recurrence runs once per query token: 1 + K draft tokens are K + 1 steps.
		return pr.tables.GDNDecode(f, max(1, int(math.Round(sequences*float64(queryLen)))), r.heads)
	}
	return 0, "", false
}
