package cost

import (
	"fmt"
	"math"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/precision"
)

// ActivationFormat is the format of the activations kernels write, and of those the small
// (elementwise) ops read: BF16, 2 bytes an element (as in the H200 measurements, whose FP8
// GEMMs also write BF16).
const ActivationFormat = precision.BF16

// Op is one operation (one kernel) of a decode step on one GPU (docs/design.md §roofline): what it
// computes, what it moves through device memory, and how long it takes there, ideal and
// calibrated.
type Op struct {
	// LayerKind names the layer kind (model.LayerKind.Name) the operation belongs to.
	LayerKind string `json:"layer_kind"`
	// Name names the operation: a projection's own name (q_proj, kv_b_proj, …),
	// "attention_core", "router", "routed_gate_up", "routed_down", "shared_gate_up",
	// "shared_down", "dense_gate_up" or "dense_down".
	Name string `json:"op"`
	// FLOPs is the work on this GPU, 2 FLOPs per multiply-add.
	FLOPs float64 `json:"flops"`
	// Bytes is everything the kernel reads and writes in device memory on this GPU:
	// WeightBytes + CacheBytes + activations in and out.
	Bytes float64 `json:"bytes"`
	// WeightBytes is the part of Bytes that is weights read (for routed experts, only the
	// experts expected to receive a token).
	WeightBytes float64 `json:"weight_bytes"`
	// CacheBytes is the part of Bytes that is KV cache read (and linear-attention state read
	// and written).
	CacheBytes float64 `json:"cache_bytes"`
	// Compute is the format the card computes in (the layer's compute format, or the next
	// wider one the card has).
	Compute precision.Format `json:"compute"`
	// Intensity is FLOPs per byte (arithmetic intensity); 0 when nothing is moved.
	Intensity float64 `json:"intensity"`
	// Bound is the roof that binds the ideal time.
	Bound hardware.Bound `json:"bound"`
	// IdealSeconds is the roofline time at 100% of peak and bandwidth, in seconds.
	IdealSeconds float64 `json:"ideal_seconds"`
	// CalibratedSeconds is the measured kernel table's time when one covers the op, else the
	// time under the profile (fractions of peak and bandwidth plus a per-kernel overhead), in
	// seconds; never below IdealSeconds.
	CalibratedSeconds float64 `json:"calibrated_seconds"`
	// Basis says what CalibratedSeconds was priced from: "table:<id>", "profile:<name>" or
	// "ideal".
	Basis string `json:"basis"`
}

// opShape is how the pricer looks an op up in a kernel table (pricing.go).
type opShape struct {
	class                opClass
	n, k                 int     // GEMM / grouped GEMM: output and input widths
	tokens               float64 // GEMM m; grouped GEMM: tokens per expert
	localExperts         float64
	sequences            float64 // attention core: batch
	queryLen             int
	heads, kvHeads, hdim int
	context              int
	topK                 int              // sparse MLA: the tokens attended
	tableFormat          precision.Format // attention core: the KV format; else the compute format
}

// opOn builds an Op of flops FLOPs asked to compute in format f and moving the given
// bytes, priced by pr (pricer.price: table, profile, ideal).
func opOn(pr *pricer, kind, name string, flops, weightBytes, cacheBytes, activationBytes float64, f precision.Format, sh opShape) Op {
	r := pr.roofFor(f, sh.class)
	r.n, r.k, r.heads, r.kvHeads, r.headDim, r.context, r.topK = sh.n, sh.k, sh.heads, sh.kvHeads, sh.hdim, sh.context, sh.topK
	if sh.tableFormat != "" {
		r.tableDType = sh.tableFormat
	}
	pr.probeLayout(&r)
	bytes := weightBytes + cacheBytes + activationBytes
	p := pr.price(&r, flops, bytes, cacheBytes, sh.tokens, sh.localExperts, sh.sequences, max(sh.queryLen, 1))
	op := Op{
		LayerKind: kind, Name: name, FLOPs: flops, Bytes: bytes,
		WeightBytes: weightBytes, CacheBytes: cacheBytes, Compute: r.compute,
		Bound: p.bound, IdealSeconds: p.ideal, CalibratedSeconds: p.calibrated, Basis: p.basisString(),
	}
	if bytes > 0 {
		op.Intensity = flops / bytes
	}
	return op
}

// inputBytesPerElement is the size of a GEMM's input activation when the card computes in
// format g: the activations are quantised to g when g is narrower than BF16 (FP8: 1 byte),
// and read as BF16 (2 bytes) otherwise — INT8 weights on a card without FP8 are dequantised
// and multiplied in BF16.
func inputBytesPerElement(g precision.Format) float64 {
	return math.Min(g.Bytes(), ActivationFormat.Bytes())
}

// OpsTotal is the sum of some operations, run one after the other on one GPU.
type OpsTotal struct {
	// FLOPs, Bytes, WeightBytes and CacheBytes are the sums of the operations' fields of
	// the same names: FLOPs, and bytes moved through device memory.
	FLOPs       float64 `json:"flops"`
	Bytes       float64 `json:"bytes"`
	WeightBytes float64 `json:"weight_bytes"`
	CacheBytes  float64 `json:"cache_bytes"`
	// IdealSeconds and CalibratedSeconds are the sums of the operations' times, in seconds
	// (kernels run back to back; no overlap between them).
	IdealSeconds      float64 `json:"ideal_seconds"`
	CalibratedSeconds float64 `json:"calibrated_seconds"`
}

// SumOps adds up operations: the time of a layer is the sum of its kernels' times.
func SumOps(ops []Op) OpsTotal {
	var t OpsTotal
	for _, o := range ops {
		t.FLOPs += o.FLOPs
		t.Bytes += o.Bytes
		t.WeightBytes += o.WeightBytes
		t.CacheBytes += o.CacheBytes
		t.IdealSeconds += o.IdealSeconds
		t.CalibratedSeconds += o.CalibratedSeconds
	}
	return t
}

// positive checks a count that must be a finite number above zero.
func positive(name string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
		return fmt.Errorf("%s must be a positive number, got %v", name, v)
	}
	return nil
}
