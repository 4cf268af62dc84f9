package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/render"
	"github.com/decost/decost/scenarios"
)

// sweepTable lays a scenario's results out as a table: for the cost analysis the rows and
// columns of 'decost cost' (costTable) followed by the sweep's own columns; a frontier
// column when the scenario has a pareto section.
func sweepTable(res *scenarios.Result) (*render.Table, error) {
	p := res.Plan
	s := p.Scenario
	var t *render.Table
	switch s.Analysis {
	case scenarios.Cost:
		t = costSweepTable(res)
	case scenarios.Counts:
		t = countsSweepTable(res)
	case scenarios.Sparsity:
		t = sparsitySweepTable(res)
	case scenarios.Roofline:
		t = rooflineSweepTable(res)
	case scenarios.Deploy:
		t = deploySweepTable(res)
	default:
		return nil, fmt.Errorf("%s: analysis %s: not available in this build", s.File, s.Analysis)
	}
	if s.Pareto != nil {
		if err := markFrontier(t, s.Pareto); err != nil {
			return nil, fmt.Errorf("%s: pareto: %w", s.File, err)
		}
	}
	return t, nil
}

// sweepExtraColumns are the cost sweep's columns after costTable's; shown in terminal
// tables only when the scenario's pareto section names them.
func sweepExtraColumns(s *scenarios.Scenario) []render.Column {
	named := map[string]bool{}
	if s.Pareto != nil {
		for _, k := range append(append([]string(nil), s.Pareto.Min...), s.Pareto.Max...) {
			named[k] = true
		}
	}
	return []render.Column{
		{Key: "precision", Header: "precision", Detail: !named["precision"]},
		{Key: "price_usd_per_hour", Header: "$/GPU-h", Show: render.Sig(4), Detail: !named["price_usd_per_hour"]},
		{Key: "activated_params", Header: "activated", Show: render.Billions, Detail: !named["activated_params"]},
		{Key: "total_params", Header: "params", Show: render.Billions, Detail: !named["total_params"]},
	}
}

func costSweepTable(res *scenarios.Result) *render.Table {
	p := res.Plan
	t := costTable(res.Comparison)
	t.Columns = append(t.Columns, sweepExtraColumns(p.Scenario)...)
	t.Caption += "\nactivated: parameters one token touches (the report's figures where it quotes them, else computed with embeddings)."
	nc := p.Contexts.Len()
	rows := t.Rows[:0]
	i := 0
	for g, grp := range res.Comparison.Groups {
		v := &p.Models[g/nc]
		for j := range grp.Cells {
			rows = append(rows, append(t.Rows[i], v.Precision, p.Cards[j].PriceUSDPerHour, v.ActivatedParams, v.TotalParams))
			i++
		}
		if p.AFD() {
			rows = append(rows, append(t.Rows[i], v.Precision, nil, v.ActivatedParams, v.TotalParams))
		}
		i++
	}
	t.Rows = rows
	return t
}

func countsSweepTable(res *scenarios.Result) *render.Table {
	sci := render.Sci(3)
	t := &render.Table{
		Columns: []render.Column{
			{Key: "model", Header: "model"},
			{Key: "precision", Header: "precision"},
			{Key: "context", Header: "context"},
			{Key: "kv_bytes", Header: "KV B/tok", Show: sci},
			{Key: "attention_flops", Header: "attn FLOP/tok", Show: sci},
			{Key: "linear_flops", Header: "linear FLOP/tok", Show: sci},
			{Key: "ffn_flops", Header: "FFN FLOP/tok", Show: sci},
			{Key: "arithmetic_intensity", Header: "attn FLOP/B", Show: render.Sig(4)},
			{Key: "effective_rank", Header: "eff. rank"},
			{Key: "activated_params", Header: "activated", Show: render.Billions},
			{Key: "total_params", Header: "params", Show: render.Billions},
		},
		Caption: "Per decoded token (DESIGN §3). attn FLOP/B: attention core FLOPs per KV byte read.\n" +
			"activated/params: the report's figures where it quotes them, else computed with embeddings.",
	}
	for _, r := range res.Counts {
		t.Add(r.Variant.Model.ID, r.Variant.Precision, r.Context, r.KVBytes, r.AttentionFLOPs, r.LinearFLOPs, r.FFNFLOPs,
			r.ArithmeticIntensity, r.EffectiveRank, r.Variant.ActivatedParams, r.Variant.TotalParams)
	}
	return t
}

// frontierTable shows a streamed sweep's frontier rows (values in scenarios.CostColumns
// order) with costTable's columns.
func frontierTable(rows [][]any, note string) *render.Table {
	t := costTable(cost.Comparison{})
	t.Columns = append(t.Columns, sweepExtraColumns(&scenarios.Scenario{})...)
	for i := len(costTable(cost.Comparison{}).Columns); i < len(t.Columns); i++ {
		t.Columns[i].Detail = t.Columns[i].Key != "activated_params" && t.Columns[i].Key != "price_usd_per_hour"
	}
	t.Caption = note + "\n" + t.Caption
	t.Rows = rows
	return t
}

// columnIndex finds a table column by key.
func columnIndex(t *render.Table, key string) (int, error) {
	for i, c := range t.Columns {
		if c.Key == key {
			return i, nil
		}
	}
	return 0, fmt.Errorf("no column %q", key)
}

// number reads a table value as a float; NaN when it is not a number.
func number(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int:
		return float64(x)
	case int64:
		return float64(x)
	}
	return nan
}

var nan = func() float64 { z := 0.0; return z / z }()

// rowFilter returns a test of rows against where: each column's value, as CSV writes it,
// equals the given text, or as a number equals the given number.
func rowFilter(t *render.Table, where scenarios.Where) (func(row []any) bool, error) {
	type term struct {
		col  int
		want []string
	}
	var terms []term
	for k, v := range where {
		i, err := columnIndex(t, k)
		if err != nil {
			return nil, err
		}
		terms = append(terms, term{col: i, want: v})
	}
	matches := func(v any, want string) bool {
		if x, err := strconv.ParseFloat(want, 64); err == nil && number(v) == x {
			return true
		}
		return render.Exact(v) == want
	}
	return func(row []any) bool {
		for _, tm := range terms {
			ok := false
			for _, w := range tm.want {
				ok = ok || matches(row[tm.col], w)
			}
			if !ok {
				return false
			}
		}
		return true
	}, nil
}

// frontierRows returns the indices of t's rows on the Pareto frontier of pr.
func frontierRows(t *render.Table, pr *scenarios.Pareto) ([]int, error) {
	keep, err := rowFilter(t, pr.Where)
	if err != nil {
		return nil, err
	}
	var cols []int
	var dirs []cost.Direction
	for _, set := range []struct {
		keys []string
		dir  cost.Direction
	}{{pr.Min, cost.Minimise}, {pr.Max, cost.Maximise}} {
		for _, k := range set.keys {
			i, err := columnIndex(t, k)
			if err != nil {
				return nil, err
			}
			cols, dirs = append(cols, i), append(dirs, set.dir)
		}
	}
	var by []int
	for _, k := range pr.By {
		i, err := columnIndex(t, k)
		if err != nil {
			return nil, err
		}
		by = append(by, i)
	}
	// One frontier per group of rows equal in the by columns, groups in order of first row.
	type group struct {
		pts  [][]float64
		rows []int
	}
	var groups []*group
	byKey := map[string]*group{}
	for r, row := range t.Rows {
		if !keep(row) {
			continue
		}
		key := ""
		for _, c := range by {
			key += render.Exact(row[c]) + "\x00"
		}
		g := byKey[key]
		if g == nil {
			g = &group{}
			byKey[key] = g
			groups = append(groups, g)
		}
		pt := make([]float64, len(cols))
		for o, c := range cols {
			pt[o] = number(row[c])
		}
		g.pts, g.rows = append(g.pts, pt), append(g.rows, r)
	}
	var out []int
	for _, g := range groups {
		idx, err := cost.Frontier(g.pts, dirs)
		if err != nil {
			return nil, err
		}
		for _, j := range idx {
			out = append(out, g.rows[j])
		}
	}
	sort.Ints(out)
	return out, nil
}

// markFrontier adds the frontier column: "*" on frontier rows.
func markFrontier(t *render.Table, pr *scenarios.Pareto) error {
	idx, err := frontierRows(t, pr)
	if err != nil {
		return err
	}
	on := map[int]bool{}
	for _, i := range idx {
		on[i] = true
	}
	t.Columns = append(t.Columns, render.Column{Key: scenarios.ParetoColumn, Header: "frontier"})
	for i := range t.Rows {
		mark := ""
		if on[i] {
			mark = "*"
		}
		t.Rows[i] = append(t.Rows[i], mark)
	}
	t.Caption += "\nfrontier: * marks the Pareto frontier (min " + strings.Join(pr.Min, ", ") + "; max " + strings.Join(pr.Max, ", ")
	if len(pr.By) > 0 {
		t.Caption += "; one frontier per " + strings.Join(pr.By, ", ")
	}
	if len(pr.Where) > 0 {
		t.Caption += ", among rows with " + whereText(pr.Where)
	}
	t.Caption += ")."
	return nil
}

// sparsitySweepTable is 'decost sparsity”s table with the model in front.
func sparsitySweepTable(res *scenarios.Result) *render.Table {
	limits := make([]cost.SparsityLimit, len(res.Sparsity))
	for i, r := range res.Sparsity {
		limits[i] = r.SparsityLimit
	}
	t := sparsityTable(limits)
	t.Columns = append([]render.Column{{Key: "model", Header: "model"}}, t.Columns...)
	for i := range t.Rows {
		t.Rows[i] = append([]any{res.Sparsity[i].Variant.Model.ID}, t.Rows[i]...)
	}
	if len(res.Sparsity) > 0 {
		l := res.Sparsity[0]
		t.Caption = fmt.Sprintf("Network bound (DESIGN §7): min sparsity = H·peak·L / (Net·BW·budget), H and L of each model, peak FP8 where the card has it; budget %s ms.\n"+
			"dense batch = peak/(2·BW) tokens (8-bit weights); MoE batch = dense batch / model sparsity; needed = activated experts to clear the bound.",
			render.Sig(3)(l.CommunicationBudgetSeconds*1e3))
	}
	return t
}

// rooflineSweepTable lists, per model, card, context and batch, one layer of the most
// common attention and FFN kinds on one GPU of the group: FLOPs, bytes, ideal and
// calibrated time.
func rooflineSweepTable(res *scenarios.Result) *render.Table {
	sci, us := render.Sci(3), render.Sig(4)
	t := &render.Table{
		Columns: []render.Column{
			{Key: "model", Header: "model"},
			{Key: "precision", Header: "precision", Detail: true},
			{Key: "hardware", Header: "hardware"},
			{Key: "context", Header: "context"},
			{Key: "batch", Header: "batch"},
			{Key: "gpus", Header: "GPUs"},
			{Key: "attention_parallel", Header: "attn par."},
			{Key: "attention_kind", Header: "attention kind", Detail: true},
			{Key: "attention_flops", Header: "attn FLOP", Show: sci},
			{Key: "attention_bytes", Header: "attn B", Show: sci},
			{Key: "attention_ideal_us", Header: "attn ideal µs", Show: us},
			{Key: "attention_calibrated_us", Header: "attn calib. µs", Show: us},
			{Key: "ffn_kind", Header: "FFN kind", Detail: true},
			{Key: "ffn_flops", Header: "FFN FLOP", Show: sci},
			{Key: "ffn_bytes", Header: "FFN B", Show: sci},
			{Key: "ffn_ideal_us", Header: "FFN ideal µs", Show: us},
			{Key: "ffn_calibrated_us", Header: "FFN calib. µs", Show: us},
		},
		Caption: "One layer of the most common attention and FFN kinds on one GPU of the group, for one decode step (DESIGN §8).\n" +
			"ideal: roofline at 100% of peak and bandwidth; calibrated: the card's profile (default: the H200 fit, see 'decost calibrate').",
	}
	for _, r := range res.Roofline {
		a, f := r.AttentionLayer, r.FFNLayer
		t.Add(r.Variant.Model.ID, r.Variant.Precision, r.Hardware, r.Context, r.Batch, r.GPUs, string(r.Parallel),
			r.AttentionKind, a.FLOPs, a.Bytes, a.IdealSeconds*1e6, a.CalibratedSeconds*1e6,
			r.FFNKind, f.FLOPs, f.Bytes, f.IdealSeconds*1e6, f.CalibratedSeconds*1e6)
	}
	return t
}

// deploySweepTable lists the deployment plans that fit memory: calibrated TPOT, TGS and cost
// next to the ideal ones, and the binding stage.
func deploySweepTable(res *scenarios.Result) *render.Table {
	sig := render.Sig(4)
	t := &render.Table{
		Columns: []render.Column{
			{Key: "model", Header: "model"},
			{Key: "precision", Header: "precision", Detail: true},
			{Key: "context", Header: "context"},
			{Key: "mode", Header: "mode", Detail: true},
			{Key: "plan", Header: "plan"},
			{Key: "attention_hardware", Header: "attn on"},
			{Key: "ffn_hardware", Header: "FFN on"},
			{Key: "attention_instances", Header: "x", Detail: true},
			{Key: "ffn_instances", Header: "y", Detail: true},
			{Key: "gpus", Header: "GPUs"},
			{Key: "total_batch", Header: "batch N", Show: sig},
			{Key: "micro_batches", Header: "m"},
			{Key: "sequences_per_attention_gpu", Header: "b/GPU", Show: sig, Detail: true},
			{Key: "tpot_ms", Header: "TPOT ms", Show: sig},
			{Key: "tgs", Header: "TGS", Show: sig},
			{Key: "usd_per_mtok", Header: "$/Mtok", Show: sig},
			{Key: "tpot_ideal_ms", Header: "ideal TPOT ms", Show: sig},
			{Key: "tgs_ideal", Header: "ideal TGS", Show: sig},
			{Key: "usd_per_mtok_ideal", Header: "ideal $/Mtok", Show: sig, Detail: true},
			{Key: "binding_stage", Header: "binding"},
			{Key: "meets_sla", Header: "SLA"},
		},
		Caption: "Deployment plans that fit memory (DESIGN §9): TPOT and TGS (tokens per GPU per second) calibrated (the card's profile) and ideal (100% of peak);\n" +
			"plan xAyF = x attention and y FFN instances (AFD), EPn = n GPUs (EP); binding: the stage that sets the calibrated period; SLA: calibrated TPOT within the target.",
	}
	for _, r := range res.Deploy {
		sla := "no"
		if r.MeetsSLA {
			sla = "yes"
		}
		t.Add(r.Variant.Model.ID, r.Variant.Precision, r.Context, r.Mode, r.Family(), r.AttentionHardware, r.FFNHardware,
			r.AttentionInstances, r.FFNInstances, r.GPUs, r.TotalBatch, r.MicroBatches, r.SequencesPerAttentionGPU,
			r.TPOT.Calibrated*1e3, r.TGS.Calibrated, r.USDPerMTok.Calibrated,
			r.TPOT.Ideal*1e3, r.TGS.Ideal, r.USDPerMTok.Ideal, r.BindingStage, sla)
	}
	return t
}
