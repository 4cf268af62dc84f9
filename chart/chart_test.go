package chart

import (
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

func TestSave(t *testing.T) {
	p := plot.New()
	p.Title.Text = "test"
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l)
	dir := t.TempDir()
	for _, name := range []string{"a.png", "a.svg"} {
		path := filepath.Join(dir, name)
		if err := Save(p, path); err != nil {
			t.Fatal(err)
		}
		if st, err := os.Stat(path); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := Save(p, filepath.Join(dir, "a.gif")); err == nil {
		t.Error("a.gif accepted")
	}
}
