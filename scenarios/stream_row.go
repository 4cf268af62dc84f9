package scenarios

import (
	"github.com/decost/decost/render"
	"math"
	"strconv"
	"strings"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
)

// costRow is one row of the cost table: a card's cell, or (card nil) an AFD row.
type costRow struct {
	variant *ModelVariant
	card    *hardware.Accelerator
	cell    *cost.Theoretical
	afd     *cost.AFD
}

// own returns the row with copies of what it points to in a worker's scratch space.
func (r costRow) own() costRow {
	if r.cell != nil {
		t := *r.cell
		r.cell = &t
	}
	if r.afd != nil {
		a := *r.afd
		r.afd = &a
	}
	return r
}

// values lists the row's values in CostColumns order; nil where the row has none.
func (r *costRow) values() []any {
	out := make([]any, len(costColumns))
	for i, c := range costColumns {
		if c.Text {
			if s := r.text(i); s != "" {
				out[i] = s
			}
			continue
		}
		if i == 1 { // context
			out[i] = r.context()
			continue
		}
		if r.has(i) {
			out[i] = r.num(i)
		}
	}
	return out
}

func (r *costRow) context() int {
	if r.cell != nil {
		return r.cell.Context
	}
	return r.afd.Context
}

// has reports whether the row has a value in numeric column i (AFD rows lack the split of
// the attention cost, the training cost and a price).
func (r *costRow) has(i int) bool {
	if r.cell != nil {
		return true
	}
	switch costColumns[i].Key {
	case "attention_core_usd_per_mtok", "kv_usd_per_mtok", "linear_usd_per_mtok", "training_usd_per_mtok", "price_usd_per_hour", "indexer_usd_per_mtok",
		"context_usd_per_mtok", "weights_usd_per_mtok":
		return false
	}
	return true
}

// num is numeric column i's value (0 where the row has none).
func (r *costRow) num(i int) float64 {
	t, a := r.cell, r.afd
	var counts = func() (kv, at, lin, ffn float64) {
		if t != nil {
			return t.KVBytes, t.AttentionFLOPs, t.LinearFLOPs, t.FFNFLOPs
		}
		return a.KVBytes, a.AttentionFLOPs, a.LinearFLOPs, a.FFNFLOPs
	}
	switch i {
	case 1:
		return float64(r.context())
	case 3, 4, 5, 6:
		kv, at, lin, ffn := counts()
		return [...]float64{kv, at, lin, ffn}[i-3]
	case 7, 8, 9:
		if t != nil {
			return [...]float64{t.AttentionUSDPerMTok, t.FFNUSDPerMTok, t.TotalUSDPerMTok}[i-7]
		}
		return [...]float64{a.AttentionUSDPerMTok, a.FFNUSDPerMTok, a.TotalUSDPerMTok}[i-7]
	case 14, 15, 16, 17:
		if t != nil {
			return [...]float64{t.AttentionCoreUSDPerMTok, t.KVUSDPerMTok, t.LinearUSDPerMTok, t.TrainingUSDPerMTok}[i-14]
		}
	case 19:
		if r.card != nil {
			return r.card.PriceUSDPerHour
		}
	case 20:
		return r.variant.ActivatedParams
	case 21:
		return r.variant.TotalParams
	case 22, 23, 24:
		c := r.counts()
		return [...]float64{c.IndexerFLOPs, c.IndexerBytes, c.KVBytes + c.IndexerBytes}[i-22]
	case 25, 26, 27:
		if t != nil {
			return [...]float64{t.IndexerUSDPerMTok, t.AttentionUSDPerMTok - t.LinearUSDPerMTok, t.LinearUSDPerMTok + t.FFNUSDPerMTok}[i-25]
		}
	}
	return 0
}

// counts are the row's per-token counts.
func (r *costRow) counts() model.Counts {
	if r.cell != nil {
		return r.cell.Counts
	}
	return r.afd.Counts
}

// text is text column i's value.
func (r *costRow) text(i int) string {
	t, a := r.cell, r.afd
	switch i {
	case 0:
		return r.variant.Model.ID
	case 2:
		if t != nil {
			return t.Hardware
		}
		return "afd"
	case 10:
		if t != nil {
			return string(t.AttentionBound)
		}
		return string(a.AttentionBound)
	case 11, 12:
		if t != nil {
			return t.Hardware
		}
		if i == 11 {
			return a.AttentionHardware
		}
		return a.FFNHardware
	case 13:
		if t != nil {
			return string(t.ComputePrecision)
		}
	case 18:
		return r.variant.Precision
	}
	return ""
}

// Text is column i's value as CSV writes it ("" where the row has none), for filters.
func (r *costRow) Text(i int) string {
	switch {
	case costColumns[i].Text:
		return r.text(i)
	case i == 1:
		return strconv.Itoa(r.context())
	case r.has(i):
		return render.Number(r.num(i))
	}
	return ""
}

// Number is numeric column i's value, NaN where the row has none, for filters and
// frontiers.
func (r *costRow) Number(i int) float64 {
	if costColumns[i].Text || !r.has(i) {
		return math.NaN()
	}
	return r.num(i)
}

// appendCSV appends the row as a CSV record, numbers unrounded (shortest form that reads
// back exactly), as render's CSV writes them.
func (r *costRow) appendCSV(b []byte) []byte {
	for i, c := range costColumns {
		if i > 0 {
			b = append(b, ',')
		}
		switch {
		case c.Text:
			b = appendCSVField(b, r.text(i))
		case i == 1:
			b = strconv.AppendInt(b, int64(r.context()), 10)
		case r.has(i):
			b = render.AppendNumber(b, r.num(i))
		}
	}
	return append(b, '\n')
}

// appendCSVField quotes a field as encoding/csv does.
func appendCSVField(b []byte, s string) []byte {
	if s == "" || (!strings.ContainsAny(s, ",\"\r\n") && s[0] != ' ' && s[0] != '\t' && s != `\.`) {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}
