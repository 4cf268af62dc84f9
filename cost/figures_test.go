package cost

import "testing"

// TestFiguresAreNotSeconds: throughput, TGS and USD per 10^6 tokens are Figures, not
// StageSeconds, whose name said seconds (this fails to compile if they are times again).
func TestFiguresAreNotSeconds(t *testing.T) {
	var r DeployResult
	var _ Figures = r.Throughput
	var _ Figures = r.TGS
	var _ Figures = r.USDPerMTok
	var _ StageSeconds = r.TPOT
}
