package scenarios

// Column is one column of an analysis's results table, as the scenario file names it.
type Column struct {
	// Key is the column's name in YAML (x, y, series, where, pareto), CSV headers and JSON.
	Key string
	// Text says the values are strings (usable as series, labels and where filters, not
	// as plot axes or objectives).
	Text bool
	// Axis is the column's title on a plot axis, with its unit.
	Axis string
	// Scale divides the values on a plot axis (1e9 for parameters shown in billions); 0
	// means 1.
	Scale float64
}

// CostColumns are the columns of the cost analysis, in CSV order: those of 'decost cost'
// and then the sweep's own (precision variant, card price, parameter counts).
var CostColumns = []Column{
	{Key: "model", Text: true, Axis: "model"}, {Key: "context", Axis: "context (tokens)"}, {Key: "hardware", Text: true, Axis: "hardware"},
	{Key: "kv_bytes", Axis: "KV cache bytes read per token"}, {Key: "attention_flops", Axis: "attention core FLOPs per token"}, {Key: "linear_flops", Axis: "attention projection FLOPs per token"}, {Key: "ffn_flops", Axis: "FFN FLOPs per token"},
	{Key: "attention_usd_per_mtok", Axis: "attention cost (USD per 1M tokens)"}, {Key: "ffn_usd_per_mtok", Axis: "FFN cost (USD per 1M tokens)"}, {Key: "total_usd_per_mtok", Axis: "decoding cost (USD per 1M tokens)"},
	{Key: "attention_bound", Text: true},
	{Key: "attention_hardware", Text: true}, {Key: "ffn_hardware", Text: true},
	{Key: "compute_precision", Text: true},
	{Key: "attention_core_usd_per_mtok", Axis: "attention core compute cost (USD per 1M tokens)"}, {Key: "kv_usd_per_mtok", Axis: "KV read cost (USD per 1M tokens)"}, {Key: "linear_usd_per_mtok", Axis: "projection cost (USD per 1M tokens)"},
	{Key: "training_usd_per_mtok", Axis: "training cost at 100% MFU (USD per 1M tokens)"},
	{Key: "precision", Text: true}, {Key: "price_usd_per_hour", Axis: "price (USD per GPU-hour)"},
	{Key: "activated_params", Axis: "activated parameters (billions)", Scale: 1e9}, {Key: "total_params", Axis: "total parameters (billions)", Scale: 1e9},
}

// CountsColumns are the columns of the counts analysis.
var CountsColumns = []Column{
	{Key: "model", Text: true, Axis: "model"}, {Key: "precision", Text: true}, {Key: "context", Axis: "context (tokens)"},
	{Key: "kv_bytes", Axis: "KV cache bytes read per token"}, {Key: "attention_flops", Axis: "attention core FLOPs per token"}, {Key: "linear_flops", Axis: "attention projection FLOPs per token"}, {Key: "ffn_flops", Axis: "FFN FLOPs per token"},
	{Key: "arithmetic_intensity", Axis: "attention arithmetic intensity (FLOP per KV byte)"}, {Key: "effective_rank", Axis: "effective attention rank"},
	{Key: "activated_params", Axis: "activated parameters (billions)", Scale: 1e9}, {Key: "total_params", Axis: "total parameters (billions)", Scale: 1e9},
}

// ParetoColumn is the column that marks frontier rows ("*") when a scenario has a pareto
// section.
const ParetoColumn = "pareto"

// Columns returns the columns of an analysis's table; nil for an analysis whose columns
// this build does not know.
func Columns(a Analysis) []Column {
	switch a {
	case Cost:
		return CostColumns
	case Counts:
		return CountsColumns
	case Sparsity:
		return SparsityColumns
	case Roofline:
		return RooflineColumns
	case Deploy:
		return DeployColumns
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
