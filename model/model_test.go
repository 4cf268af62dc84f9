package model

import (
	"testing"

	"github.com/decost/decost/precision"
)

// Short constructors for the hand-written test models below.
func gqa(q, kv, d int) Attention { return Attention{Kind: GQA, Heads: q, KVHeads: kv, HeadDim: d} }

func dense(width int) FFN { return FFN{Kind: Dense, Width: width} }

func moe(experts, topK, width, shared int) FFN {
	return FFN{Kind: MoE, Experts: experts, TopK: topK, ExpertWidth: width, SharedExperts: shared}
}

// TestKindsAndDescribe checks the grouping of layers into kinds, the numbering of kinds that
// share a label, and the compact index ranges, on a 12-layer model written out by hand.
func TestKindsAndDescribe(t *testing.T) {
	a := Layer{gqa(4, 2, 8), dense(32), FullFP8()}                                  // layers 0-2, 6
	b := Layer{gqa(4, 2, 8), dense(32), withCache(precision.BF16)}                  // 3, 7, 11: same label as a
	c := Layer{Attention{Kind: Linear, Heads: 4, HeadDim: 8}, dense(32), FullFP8()} // 4-5, 8-10
	m := &Model{ID: "t", Hidden: 64, Layers: []Layer{a, a, a, b, c, c, a, b, c, c, c, b}}
	kinds := m.Kinds()
	for i, want := range []struct {
		name    string
		indices []int
	}{
		{"gqa/dense#1", []int{0, 1, 2, 6}},
		{"gqa/dense#2", []int{3, 7, 11}},
		{"linear/dense", []int{4, 5, 8, 9, 10}},
	} {
		if i >= len(kinds) {
			t.Fatalf("%d kinds, want 3", len(kinds))
		}
		k := kinds[i]
		if k.Name != want.name || k.Count() != len(want.indices) {
			t.Errorf("kind %d = %s ×%d, want %s ×%d", i, k.Name, k.Count(), want.name, len(want.indices))
		}
		for j, idx := range want.indices {
			if j < len(k.Indices) && k.Indices[j] != idx {
				t.Errorf("kind %s indices %v, want %v", k.Name, k.Indices, want.indices)
				break
			}
		}
	}
	if len(kinds) != 3 {
		t.Errorf("%d kinds, want 3", len(kinds))
	}
	// Runs are written a-b, a regular step of more than 1 over 3 or more layers as a-b/step.
	want := "4× gqa/dense#1 (0-2,6), 3× gqa/dense#2 (3-11/4), 5× linear/dense (4-5,8-10)"
	if got := m.Describe(); got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
}

// TestParamsTiedEmbeddings checks Params by hand on a 2-layer MoE, with and without tied
// embeddings.
func TestParamsTiedEmbeddings(t *testing.T) {
	// Per layer, H 64: attention q 64·32 = 2048, k and v 64·16 = 1024 each, o 32·64 = 2048:
	// 6144. One expert 3·64·16 = 3072; stored (8 routed + 1 shared) · 3072 = 27,648;
	// activated (2 + 1) · 3072 = 9216; router 64·8 = 512.
	// Total 2 · (6144 + 512 + 27,648) = 68,608; activated 2 · (6144 + 512 + 9216) = 31,744.
	l := Layer{gqa(4, 2, 8), moe(8, 2, 16, 1), FullFP8()}
	m := &Model{ID: "t", Hidden: 64, Vocab: 100, Layers: []Layer{l, l}}
	for _, tc := range []struct {
		tied      bool
		embedding float64 // 100·64 = 6400, twice when the LM head has its own weights
	}{{false, 12800}, {true, 6400}} {
		m.TiedEmbeddings = tc.tied
		p := m.Params()
		if p.Total != 68608 || p.Activated != 31744 || p.Embedding != tc.embedding {
			t.Errorf("tied %v: params %+v, want total 68,608, activated 31,744, embedding %v", tc.tied, p, tc.embedding)
		}
		if got, want := p.TotalWithEmbeddings(), 68608+tc.embedding; got != want {
			t.Errorf("tied %v: total with embeddings %v, want %v", tc.tied, got, want)
		}
		if got, want := p.ActivatedWithEmbeddings(), 31744+tc.embedding; got != want {
			t.Errorf("tied %v: activated with embeddings %v, want %v", tc.tied, got, want)
		}
	}
}
