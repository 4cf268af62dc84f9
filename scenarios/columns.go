package scenarios

import "slices"

// Column is one column of an analysis's results table, as the scenario file names it. The
// lists below are the one home of each analysis's column keys and titles: the streamed CSV,
// where filters, frontiers and plots read them, and internal/report lays its tables out
// from them.
type Column struct {
	// Key is the column's name in YAML (x, y, series, where, pareto), CSV headers and JSON.
	Key string
	// Header is the column's short title in terminal and Markdown tables, with its unit.
	Header string
	// Text says the values are strings (usable as series, labels and where filters, not
	// as plot axes or objectives).
	Text bool
	// Axis is the column's title on a plot axis, with its unit.
	Axis string
	// Scale divides the values on a plot axis (1e9 for parameters shown in billions); 0
	// means 1.
	Scale float64
}

// perTokenColumns are the per-decoded-token counts the cost and counts tables share: KV
// bytes read and the attention core, projection and FFN FLOPs.
var perTokenColumns = []Column{
	{Key: "kv_bytes", Header: "KV B/tok", Axis: "KV cache bytes read per token"},
	{Key: "attention_flops", Header: "attn FLOP/tok", Axis: "attention core FLOPs per token"},
	{Key: "linear_flops", Header: "linear FLOP/tok", Axis: "attention projection FLOPs per token"},
	{Key: "ffn_flops", Header: "FFN FLOP/tok", Axis: "FFN FLOPs per token"},
}

// PerTokenColumns returns the per-decoded-token counts the cost and counts tables share: KV
// bytes read and the attention core, projection and FFN FLOPs: a copy, which the caller may
// change.
func PerTokenColumns() []Column { return slices.Clone(perTokenColumns) }

// paramsColumns are the parameter counts of a model variant: the report's where it quotes
// them, else computed with embeddings.
var paramsColumns = []Column{
	{Key: "activated_params", Header: "activated", Axis: "activated parameters (billions)", Scale: 1e9},
	{Key: "total_params", Header: "params", Axis: "total parameters (billions)", Scale: 1e9},
}

// ParamsColumns returns the parameter counts of a model variant: the report's where it
// quotes them, else computed with embeddings: a copy, which the caller may change.
func ParamsColumns() []Column { return slices.Clone(paramsColumns) }

// costTableColumns are the columns of 'decost cost': per model, context and card (or AFD
// pair), the counts per token and the costs per 1M tokens.
var costTableColumns = slices.Concat([]Column{
	{Key: "model", Header: "model", Text: true, Axis: "model"},
	{Key: "context", Header: "context", Axis: "context (tokens)"},
	{Key: "hardware", Header: "hardware", Text: true, Axis: "hardware"},
}, perTokenColumns, []Column{
	{Key: "attention_usd_per_mtok", Header: "attn $/Mtok", Axis: "attention cost (USD per 1M tokens)"},
	{Key: "ffn_usd_per_mtok", Header: "FFN $/Mtok", Axis: "FFN cost (USD per 1M tokens)"},
	{Key: "total_usd_per_mtok", Header: "total $/Mtok", Axis: "decoding cost (USD per 1M tokens)"},
	{Key: "attention_bound", Header: "attn bound", Text: true},
	{Key: "attention_hardware", Header: "attention on", Text: true},
	{Key: "ffn_hardware", Header: "FFN on", Text: true},
	{Key: "compute_precision", Header: "compute", Text: true},
	{Key: "attention_core_usd_per_mtok", Header: "core $/Mtok", Axis: "attention core compute cost (USD per 1M tokens)"},
	{Key: "kv_usd_per_mtok", Header: "KV $/Mtok", Axis: "KV read cost (USD per 1M tokens)"},
	{Key: "linear_usd_per_mtok", Header: "linear $/Mtok", Axis: "projection cost (USD per 1M tokens)"},
	{Key: "training_usd_per_mtok", Header: "training $/Mtok", Axis: "training cost at 100% MFU (USD per 1M tokens)"},
})

// CostTableColumns returns the columns of 'decost cost': per model, context and card (or
// AFD pair), the counts per token and the costs per 1M tokens: a copy, which the caller may
// change.
func CostTableColumns() []Column { return slices.Clone(costTableColumns) }

// costColumns are the columns of the cost analysis, in CSV order: those of 'decost cost'
// (CostTableColumns) and then the sweep's own (precision variant, card price, parameter
// counts).
var costColumns = slices.Concat(costTableColumns, []Column{
	{Key: "precision", Header: "precision", Text: true},
	{Key: "price_usd_per_hour", Header: "$/GPU-h", Axis: "price (USD per GPU-hour)"},
}, paramsColumns, longContextColumns)

// CostColumns returns the columns of the cost analysis, in CSV order: CostTableColumns,
// then the sweep's own (precision variant, card price, parameter counts) and
// LongContextColumns: a copy, which the caller may change.
func CostColumns() []Column { return slices.Clone(costColumns) }

// longContextColumns end the cost analysis's columns: the lightning indexer's counts and
// cost (DeepSeek Sparse Attention; 0 for other models), the KV bytes read with the index
// keys, and the split of the cost into what reads the context (the attention core or its
// KV/state read, whichever binds, plus the indexer) and what multiplies weights (attention
// projections plus FFN). AFD rows have no split.
var longContextColumns = []Column{
	{Key: "indexer_flops", Header: "idx FLOP/tok", Axis: "lightning indexer FLOPs per token"},
	{Key: "indexer_bytes", Header: "idx key B/tok", Axis: "index key bytes read per token"},
	{Key: "cache_bytes", Header: "KV+idx B/tok", Axis: "KV cache bytes read per token (index keys included)"},
	{Key: "indexer_usd_per_mtok", Header: "idx $/Mtok", Axis: "lightning indexer cost (USD per 1M tokens)"},
	{Key: "context_usd_per_mtok", Header: "context $/Mtok", Axis: "attention over the context: core or KV/state read, + indexer (USD per 1M tokens)"},
	{Key: "weights_usd_per_mtok", Header: "weights $/Mtok", Axis: "weight GEMMs: attention projections + FFN (USD per 1M tokens)"},
}

// LongContextColumns returns the columns that end the cost analysis's: the lightning
// indexer's counts and cost, the KV bytes read with the index keys, and the cost split into
// context and weights: a copy, which the caller may change.
func LongContextColumns() []Column { return slices.Clone(longContextColumns) }

// countsColumns are the columns of the counts analysis.
var countsColumns = slices.Concat([]Column{
	{Key: "model", Header: "model", Text: true, Axis: "model"},
	{Key: "precision", Header: "precision", Text: true},
	{Key: "context", Header: "context", Axis: "context (tokens)"},
}, perTokenColumns, []Column{
	{Key: "arithmetic_intensity", Header: "attn FLOP/B", Axis: "attention arithmetic intensity (FLOP per KV byte)"},
	{Key: "effective_rank", Header: "eff. rank", Axis: "effective attention rank"},
}, paramsColumns)

// CountsColumns returns the columns of the counts analysis: a copy, which the caller may
// change.
func CountsColumns() []Column { return slices.Clone(countsColumns) }

// ParetoColumn is the column that marks frontier rows ("*") when a scenario has a pareto
// section.
const ParetoColumn = "pareto"

// Columns returns the columns of an analysis's table, a copy the caller may change; nil for
// an analysis whose columns this build does not know.
func Columns(a Analysis) []Column { return slices.Clone(columns(a)) }

// columns is Columns without the copy, for the package's own reading.
func columns(a Analysis) []Column {
	switch a {
	case Cost:
		return costColumns
	case Counts:
		return countsColumns
	case Sparsity:
		return sparsityColumns
	case Roofline:
		return rooflineColumns
	case Deploy:
		return deployColumns
	}
	return nil
}

func findColumn(cols []Column, key string) (Column, bool) {
	for _, c := range cols {
		if c.Key == key {
			return c, true
		}
	}
	if key == ParetoColumn {
		return Column{Key: key, Text: true}, true
	}
	return Column{}, false
}
