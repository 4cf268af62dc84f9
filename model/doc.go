// Package model describes decoder-only language models as a decoding-cost analysis sees
// them: the attention and FFN of every layer, the number formats they store and compute in,
// and what one decoded token costs them in FLOPs and bytes.
//
// Counting conventions (docs/design.md §counting): a multiply-add is 2 FLOPs; "attention core" is the QK and
// PV products against the cache; "attention linear" is every projection before and after it;
// the FFN counts only activated expert weights. The MoE router, norms, activations, embedding
// and LM head are left out unless CountOptions asks for them, as in the Step-3 report.
//
// Every count is per decoded token, per sequence, at a context of C tokens already cached.
package model
