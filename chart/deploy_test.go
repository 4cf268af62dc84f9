package chart

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDeployFrontier(t *testing.T) {
	pts := []DeployPoint{
		{Family: "1A1F", TPOTMs: 10, TGS: 900},
		{Family: "2A2F", TPOTMs: 20, TGS: 2500},
		{Family: "1A1F", TPOTMs: 30, TGS: 3000, Label: "best 1A1F N=720"},
		{Family: "4A2F", TPOTMs: 45, TGS: 4100},
	}
	p, err := DeployFrontier(Deploy{Title: "step3 on h800", XLabel: "TPOT (ms, calibrated)", YLabel: "TGS (calibrated)", SLAMs: 50, Points: pts})
	if err != nil {
		t.Fatal(err)
	}
	// The axes cover every plan and the SLA line: TPOT 10…50 ms, TGS 900…4100.
	if p.X.Min > 10 || p.X.Max < 50 || p.Y.Min > 900 || p.Y.Max < 4100 {
		t.Errorf("axes x %v…%v, y %v…%v", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	dir := t.TempDir()
	for _, name := range []string{"f.png", "f.svg"} {
		path := filepath.Join(dir, name)
		if err := Save(p, path); err != nil {
			t.Fatal(err)
		}
		if st, err := os.Stat(path); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := DeployFrontier(Deploy{Title: "t"}); err == nil {
		t.Error("no points: no error")
	}
}
