package chart

import (
	"fmt"

	"gonum.org/v1/plot"
)

// DeployPoint is one deployment plan on a TGS–TPOT chart.
type DeployPoint struct {
	// Family names the plan's series, e.g. "2A2F" or "EP128".
	Family string
	// Group is the coarser series the plan joins when there are more families than
	// MaxSeries (e.g. "6 FFN instances (xA6F)"); "" keeps Family.
	Group string
	// TPOTMs is the time per output token in milliseconds, TGS the tokens per GPU per
	// second.
	TPOTMs, TGS float64
	// Label, when set, is written next to the point, which is circled (the chosen plan).
	Label string
}

// Deploy describes a TGS–TPOT figure of deployment plans (a Pareto frontier).
type Deploy struct {
	// Title heads the figure; XLabel and YLabel name the axes, and say which times (ideal or
	// calibrated) the points are.
	Title, XLabel, YLabel string
	// SLAMs is the TPOT target in milliseconds, drawn as a vertical line (0: none).
	SLAMs float64
	// Points are the plans.
	Points []DeployPoint
}

// DeployFrontier draws plans as TGS (y) against TPOT in ms (x), one series per plan family
// in order of first appearance (per Group when the families are more than MaxSeries), a
// dashed line through them all, and the SLA as a vertical line.
func DeployFrontier(d Deploy) (*plot.Plot, error) {
	if len(d.Points) == 0 {
		return nil, fmt.Errorf("deploy chart: no plan to plot")
	}
	families := map[string]bool{}
	for _, p := range d.Points {
		families[p.Family] = true
	}
	key := func(p DeployPoint) string { return p.Family }
	if len(families) > MaxSeries {
		key = func(p DeployPoint) string {
			if p.Group != "" {
				return p.Group
			}
			return p.Family
		}
	}
	var series []Series
	index := map[string]int{}
	var frontier, rings []Point
	for _, p := range d.Points {
		k := key(p)
		i, ok := index[k]
		if !ok {
			i = len(series)
			index[k] = i
			series = append(series, Series{Name: k})
		}
		series[i].Points = append(series[i].Points, Point{X: p.TPOTMs, Y: p.TGS})
		if p.Label != "" {
			rings = append(rings, Point{X: p.TPOTMs, Y: p.TGS, Label: p.Label})
		}
		frontier = append(frontier, Point{X: p.TPOTMs, Y: p.TGS})
	}
	xy := XY{Title: d.Title, XLabel: d.XLabel, YLabel: d.YLabel, Series: series, Frontiers: []Series{{Points: frontier}}, Rings: rings}
	if d.SLAMs > 0 {
		xy.Marks = []Mark{{Vertical: true, At: d.SLAMs, Label: fmt.Sprintf("TPOT SLA (%g ms)", d.SLAMs), Limit: true}}
	}
	return NewXY(xy)
}
