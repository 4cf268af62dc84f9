// Package chart draws decost's figures with gonum/plot: roofline charts, cost bars, Pareto
// frontiers. Each figure is a function from analysis results to a *plot.Plot; Save writes it
// as PNG or SVG, chosen by the file's extension, atomically.
package chart

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/decost/decost/render"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Size of a saved figure by Save: 9 × 6 inches.
const (
	// Width is the figure's width, 9 inches.
	Width = 9 * vg.Inch
	// Height is the figure's height, 6 inches.
	Height = 6 * vg.Inch
)

// Save writes p to path as PNG or SVG, by the extension of path (.png or .svg), at the
// default Width×Height. Nothing is left at path if drawing fails.
func Save(p *plot.Plot, path string) error {
	return SaveSized(p, path, Width, Height)
}

// SaveSized is Save at a chosen size.
func SaveSized(p *plot.Plot, path string, w, h vg.Length) error {
	wt, err := encoder(p, path, w, h)
	if err != nil {
		return err
	}
	return render.WriteFile(path, func(out io.Writer) error {
		_, err := wt.WriteTo(out)
		return err
	})
}

// Encode draws p at the default Width×Height as PNG or SVG, by the extension of path, and
// writes it to out (for a file staged with others, see package stage).
func Encode(p *plot.Plot, path string, out io.Writer) error {
	wt, err := encoder(p, path, Width, Height)
	if err != nil {
		return err
	}
	_, err = wt.WriteTo(out)
	return err
}

func encoder(p *plot.Plot, path string, w, h vg.Length) (io.WriterTo, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	if ext != "png" && ext != "svg" {
		return nil, fmt.Errorf("plot %s: want a .png or .svg file name", path)
	}
	wt, err := p.WriterTo(w, h, ext)
	if err != nil {
		return nil, fmt.Errorf("plot %s: %w", path, err)
	}
	return wt, nil
}
