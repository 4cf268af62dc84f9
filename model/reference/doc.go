// Package reference is a small, readable forward pass of one decoder layer's decode step, in
// pure Go with float64 gonum matrices and random weights, that measures its own FLOPs, weight
// bytes and cache bytes so that the analytic counts of package model can be checked against
// something that actually computes (DESIGN §10).
//
// There is one function per attention kind — GQA (MHA and MQA are its cases), MFA, MLA in the
// naive and in the weight-absorbed form, linear attention with a decayed state — and one per
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
// Where the pass and the analytic count deliberately differ, the difference is one
// documented term, checked exactly by Verify:
//   - MLA, absorbed form: QK runs at the latent width c+p, PV at c only (the values are the
//     latent without its RoPE part). The analytic core counts both at c+p, so it is larger by
//     2·n·p·C'.
//   - Linear attention: the decayed-state step S ← λ·S + kᵀv, o = q·S does, per state element,
//     one multiply (decay), one multiply-add (the rank-one update) and one multiply-add (the
//     read-out): 5 FLOPs. The analytic count is 10 per state element, larger by 5·h·dk·dv.
//   - MoE: the pass runs the router (2·H·E FLOPs), which the analytic FFN leaves out unless
//     model.CountOptions.Router is set; it is measured as its own term.
package reference
