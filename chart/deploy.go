package chart

import (
	"fmt"

	"gonum.org/v1/plot"
)

// DeployPoint is one deployment plan on a TGS–TPOT chart.
type DeployPoint struct {
	// Family names the plan's series, e.g. "2A2F" or "EP128".
	Family string
	// TPOTMs is the time per output token in milliseconds, TGS the tokens per GPU per
	// second.
	TPOTMs, TGS float64
	// Label, when set, is written next to the point (the chosen plan).
	Label string
}

// DeployFrontier draws plans (a Pareto frontier) as TGS (y) against TPOT in ms (x), one
// series per plan family in order of first appearance, and a dashed line through them all;
// which times (ideal or calibrated) the points are is for the caller to say in the axis
// labels xLabel and yLabel.
func DeployFrontier(title, xLabel, yLabel string, points []DeployPoint) (*plot.Plot, error) {
	if len(points) == 0 {
		return nil, fmt.Errorf("deploy chart: no plan to plot")
	}
	var series []Series
	index := map[string]int{}
	var frontier []Point
	for _, p := range points {
		i, ok := index[p.Family]
		if !ok {
			i = len(series)
			index[p.Family] = i
			series = append(series, Series{Name: p.Family})
		}
		pt := Point{X: p.TPOTMs, Y: p.TGS, Label: p.Label}
		series[i].Points = append(series[i].Points, pt)
		frontier = append(frontier, Point{X: p.TPOTMs, Y: p.TGS})
	}
	return NewXY(XY{Title: title, XLabel: xLabel, YLabel: yLabel, Series: series, Frontiers: []Series{{Points: frontier}}})
}
