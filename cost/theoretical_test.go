package cost

import (
	"math"
	"testing"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b)) }

func card(t *testing.T, id string) hardware.Accelerator {
	t.Helper()
	a, err := hardware.Builtin().Get(id)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func builtin(t testing.TB, id string) *model.Model {
	t.Helper()
	m, err := model.Builtin(id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestStep3Theoretical computes Step-3's cost at 8192 by hand on three of the report's cards.
// Step-3 at 8K (model.TestStep3At8192): KV 255,852,544 B; core 32,749,125,632 FLOPs;
// linear 20,660,092,928; FFN 53,288,632,320.
func TestStep3Theoretical(t *testing.T) {
	const (
		kv   = 255852544.0
		core = 32749125632.0
		lin  = 20660092928.0
		ffn  = 53288632320.0
	)
	for _, tc := range []struct {
		hw               string
		perFLOP, perByte float64 // USD per FLOP and per byte, × 1e6 tokens
		bound            hardware.Bound
		attention        float64
	}{
		// H800: $/FLOP = 2/3600/1980e12; $/B = 2/3600/3.35e12.
		// core 0.0091889, KV 0.0424299 → memory-bound; linear 0.0057969;
		// attention 0.0424299 + 0.0057969 = 0.0482268; FFN 0.0149519; total 0.0631787.
		{"h800", 2.0 / 3600 / 1980e12 * 1e6, 2.0 / 3600 / 3.35e12 * 1e6, hardware.MemoryBound, kv*(2.0/3600/3.35e12*1e6) + lin*(2.0/3600/1980e12*1e6)},
		// H20: $/FLOP = 0.8/3600/296e12; $/B = 0.8/3600/4e12. core 0.0245864 > KV 0.0142140 →
		// compute-bound; attention 0.0245864 + 0.0155106 = 0.0400970; FFN 0.0400065.
		{"h20", 0.8 / 3600 / 296e12 * 1e6, 0.8 / 3600 / 4e12 * 1e6, hardware.ComputeBound, core*(0.8/3600/296e12*1e6) + lin*(0.8/3600/296e12*1e6)},
		// A800 has no FP8: BF16 compute, $/FLOP = 0.75/3600/312e12; $/B = 0.75/3600/2e12.
		// core 0.0218677 < KV 0.0266513 → memory-bound; attention 0.0266513 + 0.0137955.
		{"a800", 0.75 / 3600 / 312e12 * 1e6, 0.75 / 3600 / 2e12 * 1e6, hardware.MemoryBound, kv*(0.75/3600/2e12*1e6) + lin*(0.75/3600/312e12*1e6)},
	} {
		t.Run(tc.hw, func(t *testing.T) {
			got, err := TheoreticalCost(builtin(t, "step3"), card(t, tc.hw), 8192, model.CountOptions{})
			if err != nil {
				t.Fatal(err)
			}
			checks := []struct {
				name      string
				got, want float64
			}{
				{"kv bytes", got.KVBytes, kv},
				{"core $", got.AttentionCoreUSDPerMTok, core * tc.perFLOP},
				{"kv $", got.KVUSDPerMTok, kv * tc.perByte},
				{"linear $", got.LinearUSDPerMTok, lin * tc.perFLOP},
				{"attention $", got.AttentionUSDPerMTok, tc.attention},
				{"ffn $", got.FFNUSDPerMTok, ffn * tc.perFLOP},
				{"total $", got.TotalUSDPerMTok, tc.attention + ffn*tc.perFLOP},
				// training: 3 × (core at 8K + linear + FFN) × $/FLOP
				{"training $", got.TrainingUSDPerMTok, 3 * (core + lin + ffn) * tc.perFLOP},
			}
			for _, c := range checks {
				if !near(c.got, c.want) {
					t.Errorf("%s = %.10g, want %.10g", c.name, c.got, c.want)
				}
			}
			if got.AttentionBound != tc.bound {
				t.Errorf("bound = %s, want %s", got.AttentionBound, tc.bound)
			}
		})
	}
	// The H800 total, written out: 0.0631787 USD per 1M tokens.
	got, _ := TheoreticalCost(builtin(t, "step3"), card(t, "h800"), 8192, model.CountOptions{})
	if math.Abs(got.TotalUSDPerMTok-0.0631787) > 1e-7 {
		t.Errorf("step3 on h800 at 8K: total %v, want 0.0631787", got.TotalUSDPerMTok)
	}
}

// TestAFDChoice: Step-3 at 8K on the report's four cards. Attention costs (USD/Mtok):
// h800 0.04823, h20 0.04010, a800 0.04045, 910b 0.04349 → h20. FFN costs: h800 0.01495,
// h20 0.04001, a800 0.03558, 910b 0.03542 → h800. AFD total 0.0400970 + 0.0149519 = 0.0550489.
func TestAFDChoice(t *testing.T) {
	var cards []hardware.Accelerator
	for _, id := range hardware.ReportIDs() {
		cards = append(cards, card(t, id))
	}
	cmp, err := Compare([]*model.Model{builtin(t, "step3")}, cards, []int{8192}, model.CountOptions{})
	if err != nil {
		t.Fatal(err)
	}
	a := cmp.Groups[0].AFD
	if a.AttentionHardware != "h20" || a.FFNHardware != "h800" {
		t.Fatalf("afd = %s + %s, want h20 + h800", a.AttentionHardware, a.FFNHardware)
	}
	h20, h800 := cmp.Groups[0].Cells[1], cmp.Groups[0].Cells[0]
	if a.TotalUSDPerMTok != h20.AttentionUSDPerMTok+h800.FFNUSDPerMTok {
		t.Errorf("afd total %v != h20 attention + h800 FFN", a.TotalUSDPerMTok)
	}
	if math.Abs(a.TotalUSDPerMTok-0.0550489) > 1e-7 {
		t.Errorf("afd total %v, want 0.0550489", a.TotalUSDPerMTok)
	}
	if a.AttentionBound != hardware.ComputeBound {
		t.Errorf("afd bound %s, want compute (Step-3 on h20)", a.AttentionBound)
	}
	// A single card: AFD is that card.
	one, err := BestAFD(cmp.Groups[0].Cells[:1])
	if err != nil || one.AttentionHardware != "h800" || one.FFNHardware != "h800" || one.TotalUSDPerMTok != h800.TotalUSDPerMTok {
		t.Errorf("afd over h800 alone = %+v, %v", one, err)
	}
}

// TestEvaluatorMatchesCounts holds the evaluator's precomputed affine counts equal to the
// model's direct counts for every built-in model at contexts around every window and top-k.
func TestEvaluatorMatchesCounts(t *testing.T) {
	for _, id := range model.BuiltinIDs() {
		m := builtin(t, id)
		for _, opt := range []model.CountOptions{{}, {Router: true, LMHead: true}} {
			e := NewEvaluator(m, opt)
			for _, c := range []int{1, 127, 128, 129, 2047, 2048, 2049, 4096, 8191, 8192, 8193, 32768, 131072, 1 << 20} {
				want := m.CountsAt(c, opt).Total
				got := e.Counts(c)
				if !near(got.KVBytes, want.KVBytes) || !near(got.AttentionFLOPs, want.AttentionFLOPs) ||
					!near(got.LinearFLOPs, want.LinearFLOPs) || !near(got.FFNFLOPs, want.FFNFLOPs) ||
					!near(got.IndexerFLOPs, want.IndexerFLOPs) || !near(got.IndexerBytes, want.IndexerBytes) {
					t.Errorf("%s at %d (%+v): evaluator %+v, model %+v", id, c, opt, got, want)
				}
			}
		}
	}
}

func TestCompareErrors(t *testing.T) {
	m := builtin(t, "step3")
	noPrice := card(t, "gb200")
	if _, err := Compare([]*model.Model{m}, []hardware.Accelerator{noPrice}, []int{8192}, model.CountOptions{}); err == nil {
		t.Error("card without price accepted")
	}
	if _, err := Compare([]*model.Model{m}, []hardware.Accelerator{card(t, "h800")}, []int{0}, model.CountOptions{}); err == nil {
		t.Error("context 0 accepted")
	}
}

// BenchmarkTheoretical measures one theoretical-cost evaluation of Step-3.
func BenchmarkTheoretical(b *testing.B) {
	e := NewEvaluator(builtin(b, "llama4-maverick"), model.CountOptions{})
	hw, _ := hardware.Builtin().Get("h800")
	b.ReportAllocs()
	var sink float64
	for i := 0; i < b.N; i++ {
		sink += e.Theoretical(&hw, 8192+i%1024).TotalUSDPerMTok
	}
	_ = sink
}

// TestSparseAttentionTheoretical prices DeepSeek-V3.2 at C = 131072 by hand: over its 61
// layers the sparse core is 61·4·128·576·2048 = 36,842,766,336 FLOPs over 61·576·2048 =
// 71,958,528 B of latents; the indexer 61·2·64·129·131072 = 132,019,912,704 FLOPs over
// 61·132·131072 = 1,055,391,744 B of index keys; projections 2·61·201,064,448 =
// 24,529,862,656 FLOPs. The indexer is its own roof: on H800 ($/FLOP 2/3600/1980e12, $/B
// 2/3600/3.35e12) its bytes cost 0.17503 > its FLOPs 0.03704, memory-bound; on H20 ($/FLOP
// 0.8/3600/296e12, $/B 0.8/3600/4e12) its FLOPs cost 0.09911 > its bytes 0.05863,
// compute-bound. The core: H800 KV 0.01193 > FLOPs 0.01034 (memory); H20 FLOPs 0.02766 >
// KV 0.00400 (compute).
func TestSparseAttentionTheoretical(t *testing.T) {
	const (
		core, kv       = 36842766336.0, 71958528.0
		indexer, index = 132019912704.0, 1055391744.0
		lin            = 24529862656.0
	)
	for _, tc := range []struct {
		hw                  string
		perFLOP, perByte    float64
		indexerUSD, attnUSD float64
		bound               hardware.Bound
	}{
		{"h800", 2.0 / 3600 / 1980e12 * 1e6, 2.0 / 3600 / 3.35e12 * 1e6,
			index * (2.0 / 3600 / 3.35e12 * 1e6),
			kv*(2.0/3600/3.35e12*1e6) + index*(2.0/3600/3.35e12*1e6) + lin*(2.0/3600/1980e12*1e6), hardware.MemoryBound},
		{"h20", 0.8 / 3600 / 296e12 * 1e6, 0.8 / 3600 / 4e12 * 1e6,
			indexer * (0.8 / 3600 / 296e12 * 1e6),
			(core + indexer + lin) * (0.8 / 3600 / 296e12 * 1e6), hardware.ComputeBound},
	} {
		t.Run(tc.hw, func(t *testing.T) {
			got, err := TheoreticalCost(builtin(t, "deepseek-v3.2"), card(t, tc.hw), 131072, model.CountOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if got.AttentionFLOPs != core || got.KVBytes != kv || got.IndexerFLOPs != indexer || got.IndexerBytes != index || got.LinearFLOPs != lin {
				t.Fatalf("counts %+v", got.Counts)
			}
			if !near(got.IndexerUSDPerMTok, tc.indexerUSD) || !near(got.AttentionUSDPerMTok, tc.attnUSD) || got.AttentionBound != tc.bound {
				t.Errorf("indexer $%v attention $%v (%s); want $%v $%v (%s)", got.IndexerUSDPerMTok, got.AttentionUSDPerMTok, got.AttentionBound, tc.indexerUSD, tc.attnUSD, tc.bound)
			}
			if !near(got.TotalUSDPerMTok, got.AttentionUSDPerMTok+got.FFNUSDPerMTok) {
				t.Errorf("total %v ≠ attention + FFN", got.TotalUSDPerMTok)
			}
			// The evaluator, affine in the attended and the indexed tokens, agrees with the counts.
			if c := NewEvaluator(builtin(t, "deepseek-v3.2"), model.CountOptions{}).Counts(131072); c != got.Counts {
				t.Errorf("evaluator counts %+v, want %+v", c, got.Counts)
			}
		})
	}
}
