// Package reference is a small, readable forward pass of one decoder layer's decode step, in
// pure Go with float64 gonum matrices and random weights, that measures its own FLOPs, weight
// bytes and cache bytes so that the analytic counts of package model can be checked against
// something that actually computes (docs/design.md §reference).
//
// There is one function per attention kind — GQA (MHA and MQA are its cases, with or without
// an output gate), MFA, MLA in the naive and in the weight-absorbed form, DeepSeek Sparse
// Attention (a lightning indexer, then MLA over its top-k), Lightning linear attention with a
// decayed state, Gated DeltaNet (short convolution and the gated delta rule) — and one per
// FFN kind — a SwiGLU expert (the dense FFN) and a MoE with top-k routing and shared
// experts. Windows (chunked or sliding) are a parameter of the softmax kinds. Every matrix
// product, every cache read and every cache write goes through a Meter.
//
// Conventions, the same as package model's:
//   - A product of an m×k and a k×n matrix is 2·m·k·n FLOPs (one multiply-add is 2 FLOPs).
//     Softmax, norms, activations, RoPE, gating and residual additions are elementwise and
//     not counted; neither is the weighted sum of the selected experts.
//   - The context C is the number of cached tokens the new token attends to. The step is
//     given a random cache of C−1 earlier tokens, appends the new token's entry, and attends
//     to the last min(C, window) entries. A chunked window is treated as a sliding one (its
//     worst case, which is also what the analytic count assumes).
//   - Positional encoding is left out (it is elementwise); MLA keeps its decoupled RoPE
//     part as separate dimensions, so its shapes and counts are those of the real model.
//
// The recurrent kinds count per state element what the analytic counts count (package model,
// LightningFLOPsPerStateElement and GatedDeltaNetFLOPsPerStateElement): Lightning's
// S ← λ·S + kᵀv, o = q·S is a multiply (decay), a multiply-add (rank-one update) and a
// multiply-add (read-out), 5 FLOPs; Gated DeltaNet adds the delta rule's kᵀS read, 7 FLOPs,
// plus 2·K per channel for its convolution. The indexer's scores and weighting are the
// Indexer term; its top-k is a selection, not counted.
//
// Where the pass and the analytic count deliberately differ, the difference is one
// documented term, checked exactly by Verify:
//   - MLA (and DeepSeek Sparse Attention's core), absorbed form: QK runs at the latent width
//     c+p, PV at c only (the values are the latent without its RoPE part). The analytic core
//     counts both at c+p, so it is larger by 2·n·p·C'.
//   - MoE: the pass runs the router (2·H·E FLOPs), which the analytic FFN leaves out unless
//     model.CountOptions.Router is set; it is measured as its own term.
package reference
