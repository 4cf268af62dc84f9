package scenarios

import (
	"github.com/decost/decost/render"
	"math"
	"strconv"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/model"
)

// csvPieces are the CSV fields of a cost sweep that do not change from row to row,
// formatted once: per model variant its id, precision and parameter counts; per card its
// id and price. Rows are then assembled from them and the few numbers that do change —
// formatting floats is most of a streamed sweep's time.
type csvPieces struct {
	model, precision, params [][]byte // per model variant
	card, price              [][]byte // per card
}

func newCSVPieces(p *Plan) *csvPieces {
	c := &csvPieces{}
	for i := range p.Models {
		v := &p.Models[i]
		c.model = append(c.model, appendCSVField(nil, v.Model.ID))
		c.precision = append(c.precision, appendCSVField(nil, v.Precision))
		b := render.AppendNumber(nil, v.ActivatedParams)
		b = append(b, ',')
		c.params = append(c.params, render.AppendNumber(b, v.TotalParams))
	}
	for j := range p.Cards {
		c.card = append(c.card, appendCSVField(nil, p.Cards[j].ID))
		c.price = append(c.price, render.AppendNumber(nil, p.Cards[j].PriceUSDPerHour))
	}
	return c
}

// appendGroup formats the fields a (model, context) group shares: context, then the four
// counts (CostColumns 1 and 3–6; the hardware column 2 goes between them).
func appendGroup(b []byte, t *cost.Theoretical) []byte {
	b = strconv.AppendInt(b, int64(t.Context), 10)
	for _, x := range [...]float64{t.KVBytes, t.AttentionFLOPs, t.LinearFLOPs, t.FFNFLOPs} {
		b = append(b, ',')
		b = render.AppendNumber(b, x)
	}
	return b
}

// groupSplit splits a group's fields (from appendGroup) around the hardware column: the
// context, and the counts with their leading comma.
func groupSplit(group []byte) (context, counts []byte) {
	for i, ch := range group {
		if ch == ',' {
			return group[:i], group[i:]
		}
	}
	return group, nil
}

func appendFloat(b []byte, x float64) []byte {
	b = append(b, ',')
	return render.AppendNumber(b, x)
}

// floatCache remembers the last number formatted in one column of one card's rows: the FFN,
// projection and training costs do not change with the context, so along a sweep of
// contexts they are formatted once.
type floatCache struct {
	bits uint64
	text []byte
	ok   bool
}

// append appends ",x" to b, formatting x only when it differs from the last one.
func (c *floatCache) append(b []byte, x float64) []byte {
	if !c.ok || math.Float64bits(x) != c.bits {
		c.text = render.AppendNumber(c.text[:0], x)
		c.bits, c.ok = math.Float64bits(x), true
	}
	b = append(b, ',')
	return append(b, c.text...)
}

// rowCaches are one worker's float caches: per card the FFN, linear and training costs,
// and the AFD row's FFN cost.
type rowCaches struct {
	ffn, linear, training []floatCache
	afdFFN                floatCache
}

func newRowCaches(cards int) *rowCaches {
	return &rowCaches{ffn: make([]floatCache, cards), linear: make([]floatCache, cards), training: make([]floatCache, cards)}
}

// appendCell appends the row of model variant m on card j, as costRow.appendCSV would.
func (c *csvPieces) appendCell(b []byte, m, j int, group []byte, t *cost.Theoretical, rc *rowCaches) []byte {
	ctx, counts := groupSplit(group)
	b = append(b, c.model[m]...)
	b = append(b, ',')
	b = append(b, ctx...)
	b = append(b, ',')
	b = append(b, c.card[j]...)
	b = append(b, counts...)
	b = appendFloat(b, t.AttentionUSDPerMTok)
	b = rc.ffn[j].append(b, t.FFNUSDPerMTok)
	b = appendFloat(b, t.TotalUSDPerMTok)
	b = append(b, ',')
	b = append(b, t.AttentionBound...)
	b = append(b, ',')
	b = append(b, c.card[j]...)
	b = append(b, ',')
	b = append(b, c.card[j]...)
	b = append(b, ',')
	b = append(b, t.ComputePrecision...)
	b = appendFloat(b, t.AttentionCoreUSDPerMTok)
	b = appendFloat(b, t.KVUSDPerMTok)
	b = rc.linear[j].append(b, t.LinearUSDPerMTok)
	b = rc.training[j].append(b, t.TrainingUSDPerMTok)
	b = append(b, ',')
	b = append(b, c.precision[m]...)
	b = append(b, ',')
	b = append(b, c.price[j]...)
	b = append(b, ',')
	b = append(b, c.params[m]...)
	b = appendIndexer(b, &t.Counts)
	b = appendFloat(b, t.IndexerUSDPerMTok)
	b = appendFloat(b, t.AttentionUSDPerMTok-t.LinearUSDPerMTok)
	b = appendFloat(b, t.LinearUSDPerMTok+t.FFNUSDPerMTok)
	return append(b, '\n')
}

// appendIndexer appends the indexer FLOPs, the index key bytes and the cache bytes read
// (CostColumns 22–24).
func appendIndexer(b []byte, c *model.Counts) []byte {
	b = appendFloat(b, c.IndexerFLOPs)
	b = appendFloat(b, c.IndexerBytes)
	return appendFloat(b, c.KVBytes+c.IndexerBytes)
}

// appendAFD appends the AFD row of model variant m, as costRow.appendCSV would.
func (c *csvPieces) appendAFD(b []byte, m int, group []byte, a *cost.AFD, rc *rowCaches) []byte {
	ctx, counts := groupSplit(group)
	b = append(b, c.model[m]...)
	b = append(b, ',')
	b = append(b, ctx...)
	b = append(b, ",afd"...)
	b = append(b, counts...)
	b = appendFloat(b, a.AttentionUSDPerMTok)
	b = rc.afdFFN.append(b, a.FFNUSDPerMTok)
	b = appendFloat(b, a.TotalUSDPerMTok)
	b = append(b, ',')
	b = append(b, a.AttentionBound...)
	b = append(b, ',')
	b = appendCSVField(b, a.AttentionHardware)
	b = append(b, ',')
	b = appendCSVField(b, a.FFNHardware)
	b = append(b, ",,,,,,"...) // compute precision and the four split costs: none
	b = append(b, c.precision[m]...)
	b = append(b, ",,"...) // no price
	b = append(b, c.params[m]...)
	b = appendIndexer(b, &a.Counts)
	b = append(b, ",,,"...) // no split of the attention cost
	return append(b, '\n')
}
