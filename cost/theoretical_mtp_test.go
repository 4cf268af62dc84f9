package cost

import (
	"math"
	"testing"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// TestMTPPerAcceptedToken: FLOPs × (1 + K)/credited, KV bytes / credited, by hand.
func TestMTPPerAcceptedToken(t *testing.T) {
	c := model.Counts{AttentionFLOPs: 100, KVBytes: 1000, LinearFLOPs: 10, FFNFLOPs: 20, IndexerFLOPs: 50, IndexerBytes: 80}
	for _, tc := range []struct {
		mtp  MTP
		want model.Counts
	}{
		{MTP{}, c},
		// K = 1, p = 0.6: credited 1 + 0.6 = 1.6; FLOPs × 2/1.6 = 1.25; KV / 1.6.
		{MTP{DraftTokens: 1, AcceptRate: 0.6}, model.Counts{AttentionFLOPs: 125, KVBytes: 625, LinearFLOPs: 12.5, FFNFLOPs: 25, IndexerFLOPs: 62.5, IndexerBytes: 50}},
		// K = 2, p = 0.5: credited 1 + 0.5 + 0.25 = 1.75; FLOPs × 3/1.75 = 12/7; KV × 4/7.
		{MTP{DraftTokens: 2, AcceptRate: 0.5}, model.Counts{AttentionFLOPs: 1200.0 / 7, KVBytes: 4000.0 / 7, LinearFLOPs: 120.0 / 7, FFNFLOPs: 240.0 / 7, IndexerFLOPs: 600.0 / 7, IndexerBytes: 320.0 / 7}},
		// K = 1, p = 0: nothing accepted, every FLOP doubles for one token per step.
		{MTP{DraftTokens: 1}, model.Counts{AttentionFLOPs: 200, KVBytes: 1000, LinearFLOPs: 20, FFNFLOPs: 40, IndexerFLOPs: 100, IndexerBytes: 80}},
	} {
		got := MTPPerAcceptedToken(c, tc.mtp)
		for _, f := range []struct {
			name      string
			got, want float64
		}{{"core", got.AttentionFLOPs, tc.want.AttentionFLOPs}, {"kv", got.KVBytes, tc.want.KVBytes},
			{"linear", got.LinearFLOPs, tc.want.LinearFLOPs}, {"ffn", got.FFNFLOPs, tc.want.FFNFLOPs},
			{"indexer", got.IndexerFLOPs, tc.want.IndexerFLOPs}, {"index keys", got.IndexerBytes, tc.want.IndexerBytes}} {
			if math.Abs(f.got-f.want) > 1e-9*f.want {
				t.Errorf("%+v: %s %v, want %v", tc.mtp, f.name, f.got, f.want)
			}
		}
	}
}

// TestTheoreticalMTP: with K = 1 and every draft accepted (credited 2), a token costs the same
// FLOPs and half the KV read; without MTP the cost is the report's.
func TestTheoreticalMTP(t *testing.T) {
	m, err := model.Builtin("deepseek-v3")
	if err != nil {
		t.Fatal(err)
	}
	hw, err := hardware.Builtin().Get("h800")
	if err != nil {
		t.Fatal(err)
	}
	e := NewEvaluator(m, model.CountOptions{})
	base := e.Theoretical(&hw, 8192)
	if base.MTP != nil {
		t.Fatalf("no MTP asked, got %+v", base.MTP)
	}
	if z := e.WithMTP(MTP{}).Theoretical(&hw, 8192); z != base {
		t.Errorf("MTP{}: %+v, want the report's %+v", z, base)
	}
	got := e.WithMTP(MTP{DraftTokens: 1, AcceptRate: 1}).Theoretical(&hw, 8192)
	if got.MTP == nil || got.MTP.CreditedTokens != 2 {
		t.Fatalf("MTP term %+v, want credited 2", got.MTP)
	}
	near := func(name string, g, w float64) {
		if math.Abs(g-w) > 1e-12*math.Abs(w) {
			t.Errorf("%s %v, want %v", name, g, w)
		}
	}
	near("KV bytes", got.KVBytes, base.KVBytes/2)
	near("KV $", got.KVUSDPerMTok, base.KVUSDPerMTok/2)
	near("core $", got.AttentionCoreUSDPerMTok, base.AttentionCoreUSDPerMTok)
	near("FFN $", got.FFNUSDPerMTok, base.FFNUSDPerMTok)
	near("training $", got.TrainingUSDPerMTok, base.TrainingUSDPerMTok)
	// DeepSeek-V3 on H800 at 8K is KV-bound, so halving the KV read lowers the attention cost.
	if base.AttentionBound == hardware.MemoryBound && !(got.AttentionUSDPerMTok < base.AttentionUSDPerMTok) {
		t.Errorf("attention $ %v not below %v", got.AttentionUSDPerMTok, base.AttentionUSDPerMTok)
	}
	if _, err := CompareMTP([]*model.Model{m}, []hardware.Accelerator{hw}, []int{8192}, model.CountOptions{}, MTP{DraftTokens: -1}); err == nil {
		t.Error("CompareMTP accepted K = -1")
	}
}
