package cost

import (
	"testing"

	"github.com/decost/decost/model"
)

// TestAttentionShard: what one GPU of a tensor-parallel group of g keeps of an attention
// block, counted by hand.
func TestAttentionShard(t *testing.T) {
	gqa := model.Attention{Kind: model.GQA, Heads: 64, KVHeads: 4, HeadDim: 128}
	mfa := model.Attention{Kind: model.MFA, Heads: 64, KVHeads: 1, HeadDim: 256, QueryRank: 2048}
	mla := model.Attention{Kind: model.MLA, Heads: 128, QueryRank: 1536, KVRank: 512, RopeDim: 64, NopeDim: 128, ValueDim: 128}
	lin := model.Attention{Kind: model.Linear, Heads: 64, HeadDim: 128} // KVHeads 0: as many as Heads
	for _, tc := range []struct {
		name          string
		a             model.Attention
		g             int
		heads, kv     int
		kvRank, qRank int
		fails         bool
	}{
		{name: "g1 unchanged", a: gqa, g: 1, heads: 64, kv: 4},
		// 64/4 = 16 query heads; 4 KV heads, 4/4 = 1 each.
		{name: "gqa tp4", a: gqa, g: 4, heads: 16, kv: 1},
		// 64/8 = 8 query heads; 4 KV heads < 8 GPUs: ⌈4/8⌉ = 1, replicated.
		{name: "gqa tp8", a: gqa, g: 8, heads: 8, kv: 1},
		// 64/3 is not whole.
		{name: "gqa tp3", a: gqa, g: 3, fails: true},
		// 48/8 = 6 query heads, but 12 KV heads (≥ 8) do not split evenly over 8.
		{name: "gqa 12 kv tp8", a: model.Attention{Kind: model.GQA, Heads: 48, KVHeads: 12, HeadDim: 128}, g: 8, fails: true},
		// MFA: 64/8 = 8 query heads; the one K/V head and the query rank stay whole.
		{name: "mfa tp8", a: mfa, g: 8, heads: 8, kv: 1, qRank: 2048},
		// MLA: 128/8 = 16 heads; the latent (rank 512) and the query rank stay whole.
		{name: "mla tp8", a: mla, g: 8, heads: 16, kvRank: 512, qRank: 1536},
		// Linear with KVHeads 0 (= Heads): 64/8 = 8 state heads, and 0 still means as many.
		{name: "linear tp8", a: lin, g: 8, heads: 8, kv: 0},
		{name: "g0", a: gqa, g: 0, fails: true},
	} {
		s, err := AttentionShard(tc.a, tc.g)
		if tc.fails {
			if err == nil {
				t.Errorf("%s: accepted, got %+v", tc.name, s)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if s.Heads != tc.heads || s.KVHeads != tc.kv || s.KVRank != tc.kvRank || s.QueryRank != tc.qRank || s.HeadDim != tc.a.HeadDim {
			t.Errorf("%s: %+v; want heads %d kv heads %d kv rank %d query rank %d head dim %d",
				tc.name, s, tc.heads, tc.kv, tc.kvRank, tc.qRank, tc.a.HeadDim)
		}
	}
}
