package reference

import (
	"testing"

	"github.com/decost/decost/model"
)

// TestMeasuredCounts decodes one token through tiny layers and checks what the Meter counts
// against hand arithmetic (2 FLOPs per multiply-add), at context 5 (4 earlier tokens + the
// new one), on hidden size 8.
func TestMeasuredCounts(t *testing.T) {
	const H, C = 8, 5
	for _, tc := range []struct {
		name                            string
		a                               model.Attention
		naive                           bool
		core, linear                    float64
		written, read, stateRW, weights float64
	}{
		{
			// GQA 4 q / 2 kv heads, d 2: core 4·4·2·5 = 160 (QK 2·2·5 + PV 2·2·5 per head);
			// weights q 8·8 + k 8·4 + v 8·4 + o 8·8 = 192, linear 2·192 = 384;
			// writes 2·2·2 = 8 elements, reads 5·8 = 40.
			name: "gqa", a: model.Attention{Kind: model.GQA, Heads: 4, KVHeads: 2, HeadDim: 2},
			core: 160, linear: 384, written: 8, read: 40, weights: 192,
		},
		{
			// The same with a window of 3: core 4·4·2·3 = 96; reads 3·8 = 24.
			name: "gqa window 3", a: model.Attention{Kind: model.GQA, Heads: 4, KVHeads: 2, HeadDim: 2, Window: 3},
			core: 96, linear: 384, written: 8, read: 24, weights: 192,
		},
		{
			// MFA 4 heads of 2, rank 3: core 4·4·2·5 = 160; weights q_down 8·3 + q_up 3·8
			// + k 8·2 + v 8·2 + o 8·8 = 144, linear 288; writes 2·2 = 4, reads 5·4 = 20.
			name: "mfa", a: model.Attention{Kind: model.MFA, Heads: 4, KVHeads: 1, HeadDim: 2, QueryRank: 3},
			core: 160, linear: 288, written: 4, read: 20, weights: 144,
		},
		{
			// MFA with 2 key/value groups (Step-3's num_attention_groups > 1): core as above,
			// 160; weights q_down 8·3 + q_up 3·8 + k 8·4 + v 8·4 + o 8·8 = 176, linear 352;
			// writes 2·2·2 = 8, reads 5·8 = 40.
			name: "mfa 2 groups", a: model.Attention{Kind: model.MFA, Heads: 4, KVHeads: 2, HeadDim: 2, QueryRank: 3},
			core: 160, linear: 352, written: 8, read: 40, weights: 176,
		},
		{
			// MLA absorbed, n 2, r_q 3, c 4, p 2, d_n 3, d_v 2: QK 2·5·2·(4+2) = 120, PV
			// 2·5·2·4 = 80, core 200 (the analytic 4·2·6·5 = 240 less 2·n·p·C = 40);
			// weights q_a 8·3 + q_b 3·2·5 + kv_a 8·6 + kv_b 4·2·5 + o 4·8 = 24+30+48+40+32 = 174
			// (kv_b as W_UK absorbed into q and W_UV after the core), linear 348;
			// writes c+p = 6, reads 5·6 = 30.
			name: "mla absorbed", a: model.Attention{Kind: model.MLA, Heads: 2, QueryRank: 3, KVRank: 4, RopeDim: 2, NopeDim: 3, ValueDim: 2},
			core: 200, linear: 348, written: 6, read: 30, weights: 174,
		},
		{
			// MLA naive: QK 2·5·2·(3+2) = 100, PV 2·5·2·2 = 40, core 140; kv_b runs on all 5
			// latents: 2·5·4·10 = 400, other projections 2·(24+30+48+32) = 268, linear 668;
			// weights read once each: 174.
			name: "mla naive", naive: true, a: model.Attention{Kind: model.MLA, Heads: 2, QueryRank: 3, KVRank: 4, RopeDim: 2, NopeDim: 3, ValueDim: 2},
			core: 140, linear: 668, written: 6, read: 30, weights: 174,
		},
		{
			// Linear, 4 value heads of dv 3 over 2 q/k heads of dk 2: per state element a
			// decay multiply, a rank-one multiply-add and a read-out multiply-add, 5·4·2·3 =
			// 120; weights q 8·4 + k 8·4 + v 8·12 + gate 8·12 + o 12·8 = 352, linear 704;
			// the 4·2·3 = 24-element state is read and written.
			name: "linear", a: model.Attention{Kind: model.Linear, Heads: 4, KVHeads: 2, HeadDim: 2, ValueDim: 3},
			core: 120, linear: 704, stateRW: 24, weights: 352,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := model.Layer{Attention: tc.a, FFN: model.FFN{Kind: model.Dense, Width: 1}, Precision: model.FullFP8()}
			l, err := NewLayer(spec, H, C, 1)
			if err != nil {
				t.Fatal(err)
			}
			var m Meter
			l.attention(&m, tc.a, newRandom(2).row(H), !tc.naive)
			got := []float64{m.FLOPs[AttentionCore], m.FLOPs[AttentionLinear], m.CacheElementsWritten, m.CacheElementsRead, m.StateElementsRead, m.StateElementsWritten, m.WeightElementsRead}
			want := []float64{tc.core, tc.linear, tc.written, tc.read, tc.stateRW, tc.stateRW, tc.weights}
			names := []string{"core FLOPs", "linear FLOPs", "cache written", "cache read", "state read", "state written", "weights read"}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s = %v, want %v", names[i], got[i], want[i])
				}
			}
		})
	}
}

// TestMeasuredFFN checks the FFN terms by hand on hidden size 8.
func TestMeasuredFFN(t *testing.T) {
	attn := model.Attention{Kind: model.GQA, Heads: 1, HeadDim: 1}
	for _, tc := range []struct {
		name                   string
		f                      model.FFN
		ffn, router, weightsRd float64
	}{
		// Dense SwiGLU width 5: 2·3·8·5 = 240 FLOPs, 120 weights.
		{"dense", model.FFN{Kind: model.Dense, Width: 5}, 240, 0, 120},
		// MoE 4 experts top-2 of width 3 + 1 shared of width 5: 2·(2·3·8·3 + 3·8·5) =
		// 2·(144 + 120) = 528; router 2·8·4 = 64; weights 264 + 32 (router) = 296.
		{"moe", model.FFN{Kind: model.MoE, Experts: 4, TopK: 2, ExpertWidth: 3, SharedExperts: 1, SharedWidth: 5}, 528, 64, 296},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := NewLayer(model.Layer{Attention: attn, FFN: tc.f, Precision: model.FullFP8()}, 8, 2, 1)
			if err != nil {
				t.Fatal(err)
			}
			var m Meter
			l.FFN(&m, newRandom(2).row(8))
			if m.FLOPs[FFN] != tc.ffn || m.FLOPs[Router] != tc.router || m.WeightElementsRead != tc.weightsRd {
				t.Errorf("ffn %v router %v weights %v; want %v %v %v", m.FLOPs[FFN], m.FLOPs[Router], m.WeightElementsRead, tc.ffn, tc.router, tc.weightsRd)
			}
		})
	}
}

// TestShrinkKeepsStructure checks that every scaled-down model keeps its layer pattern, its
// kinds, its head ratios and top-k, and has windows that bind at Context.
func TestShrinkKeepsStructure(t *testing.T) {
	for _, id := range model.BuiltinIDs() {
		m, _ := model.Builtin(id)
		s := Shrink(m)
		if err := s.Validate(); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if len(s.Layers) != len(m.Layers) {
			t.Errorf("%s: %d layers, want %d", id, len(s.Layers), len(m.Layers))
		}
		mk, sk := m.Kinds(), s.Kinds()
		if len(mk) != len(sk) {
			t.Fatalf("%s: %d kinds, want %d", id, len(sk), len(mk))
		}
		for i := range mk {
			a, b := mk[i].Layer, sk[i].Layer
			if a.Attention.Kind != b.Attention.Kind || a.FFN.Kind != b.FFN.Kind || a.Precision != b.Precision {
				t.Errorf("%s %s: kinds or precision changed: %s", id, mk[i].Name, sk[i].Name)
			}
			if kvA, kvB := a.Attention.KVHeads, b.Attention.KVHeads; kvA > 0 && a.Attention.Kind != model.MLA && a.Attention.Heads*kvB != b.Attention.Heads*kvA {
				t.Errorf("%s %s: heads %d/%d became %d/%d", id, mk[i].Name, a.Attention.Heads, kvA, b.Attention.Heads, kvB)
			}
			if w := b.Attention.Window; a.Attention.Window > 0 && (w <= 0 || w >= Context) {
				t.Errorf("%s %s: window %d does not bind at context %d", id, mk[i].Name, w, Context)
			}
			if a.FFN.Kind == model.MoE && (b.FFN.TopK != a.FFN.TopK || b.FFN.SharedExperts != a.FFN.SharedExperts || b.FFN.Experts <= b.FFN.TopK) {
				t.Errorf("%s %s: moe %+v became %+v", id, mk[i].Name, a.FFN, b.FFN)
			}
		}
	}
}

func TestNewLayerRejectsBadShapes(t *testing.T) {
	bad := model.Layer{Attention: model.Attention{Kind: model.GQA, Heads: 3, KVHeads: 2, HeadDim: 4}, FFN: model.FFN{Kind: model.Dense, Width: 4}, Precision: model.FullFP8()}
	if _, err := NewLayer(bad, 8, 4, 1); err == nil {
		t.Error("3 query heads over 2 kv heads accepted")
	}
	good := bad
	good.Attention.Heads = 4
	if _, err := NewLayer(good, 8, 0, 1); err == nil {
		t.Error("context 0 accepted")
	}
}

// BenchmarkVerifyZoo measures Verify over every built-in model ('decost verify --model all').
func BenchmarkVerifyZoo(b *testing.B) {
	for i := 0; i < b.N; i++ {
		for _, id := range model.BuiltinIDs() {
			m, _ := model.Builtin(id)
			if _, err := Verify(m); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestMeasuredSparseAndDeltaNet decodes one token through a tiny DeepSeek Sparse Attention
// layer and a tiny Gated DeltaNet layer at context 5 on hidden size 8, and checks the Meter
// against hand arithmetic.
func TestMeasuredSparseAndDeltaNet(t *testing.T) {
	const H, C = 8, 5
	t.Run("mla-dsa", func(t *testing.T) {
		// MLA n 2, r_q 3, c 4, p 2, d_n 3, d_v 2 with an indexer of n_I 2 heads × d_I 3, top-3.
		a := model.Attention{Kind: model.MLADSA, Heads: 2, QueryRank: 3, KVRank: 4, RopeDim: 2, NopeDim: 3, ValueDim: 2,
			IndexHeads: 2, IndexHeadDim: 3, IndexTopK: 3}
		m := decodeAttention(t, a, H, C)
		// core over min(5, 3) = 3 latents: QK 2·3·2·(4+2) = 72, PV 2·3·2·4 = 48: 120.
		// indexer: scores 2·2·3·5 = 60, weighting 2·2·5 = 20: 80.
		// weights: MLA's 174 (as in TestMeasuredCounts) + indexer_wq_b 3·(2·3) = 18 +
		// indexer_wk 8·3 = 24 + indexer_weights_proj 8·2 = 16 = 232; linear 2·232 = 464.
		// latents: 6 written, 3·6 = 18 read; index keys: 3 elements and ⌈3/128⌉ = 1 scale
		// written, 5·3 = 15 elements and 5 scales read.
		want := map[string][2]float64{
			"core FLOPs": {m.FLOPs[AttentionCore], 120}, "indexer FLOPs": {m.FLOPs[Indexer], 80},
			"linear FLOPs": {m.FLOPs[AttentionLinear], 464}, "weights read": {m.WeightElementsRead, 232},
			"cache written": {m.CacheElementsWritten, 6}, "cache read": {m.CacheElementsRead, 18},
			"index written": {m.IndexElementsWritten, 3}, "index scales written": {m.IndexScalesWritten, 1},
			"index read": {m.IndexElementsRead, 15}, "index scales read": {m.IndexScalesRead, 5},
		}
		for name, gw := range want {
			if gw[0] != gw[1] {
				t.Errorf("%s = %v, want %v", name, gw[0], gw[1])
			}
		}
	})
	t.Run("gdn", func(t *testing.T) {
		// Gated DeltaNet: 4 value heads of d_v 3 over 2 query/key heads of d_k 2, conv kernel 3.
		a := model.Attention{Kind: model.GatedDeltaNet, Heads: 4, KVHeads: 2, HeadDim: 2, ValueDim: 3, ConvKernel: 3}
		m := decodeAttention(t, a, H, C)
		// conv channels 2·2·2 + 4·3 = 20: conv1d 2·3·20 = 120 FLOPs, 20·3 = 60 weights;
		// state 4·2·3 = 24 elements at 7 FLOPs each (decay 24, kᵀS 48, k·δᵀ 48, qᵀS 48) = 168;
		// core 168 + 120 = 288. Projections in_proj_qkvz 8·(2·4 + 2·12) = 256, in_proj_ba
		// 8·8 = 64, out_proj 12·8 = 96: 416 weights, 832 FLOPs; weights read 416 + 60 = 476.
		// State 24 read and written; conv state 20·(3−1) = 40 read and written.
		want := map[string][2]float64{
			"core FLOPs": {m.FLOPs[AttentionCore], 288}, "conv1d": {m.FLOPsByName["conv1d"], 120},
			"decay": {m.FLOPsByName["decay"], 24}, "kᵀS": {m.FLOPsByName["kᵀS"], 48},
			"k·δᵀ": {m.FLOPsByName["k·δᵀ"], 48}, "qᵀS": {m.FLOPsByName["qᵀS"], 48},
			"linear FLOPs": {m.FLOPs[AttentionLinear], 832}, "weights read": {m.WeightElementsRead, 476},
			"state read": {m.StateElementsRead, 24}, "state written": {m.StateElementsWritten, 24},
			"conv state read": {m.ConvStateElementsRead, 40}, "conv state written": {m.ConvStateElementsWritten, 40},
		}
		for name, gw := range want {
			if gw[0] != gw[1] {
				t.Errorf("%s = %v, want %v", name, gw[0], gw[1])
			}
		}
	})
}

func decodeAttention(t *testing.T, a model.Attention, hidden, context int) Meter {
	t.Helper()
	spec := model.Layer{Attention: a, FFN: model.FFN{Kind: model.Dense, Width: 1}, Precision: model.FullFP8()}
	l, err := NewLayer(spec, hidden, context, 1)
	if err != nil {
		t.Fatal(err)
	}
	var m Meter
	l.attention(&m, a, newRandom(2).row(hidden), true)
	return m
}
