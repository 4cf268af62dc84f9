package reference

import (
	"github.com/decost/decost/model"
	"gonum.org/v1/gonum/mat"
)

// KVCache is one layer's per-token cache: one row of Width elements per token (keys and
// values for GQA and MFA, the latent and its RoPE part for MLA).
type KVCache struct {
	// Width is the number of elements one token caches.
	Width int
	rows  [][]float64
}

// Len is the number of cached tokens.
func (c *KVCache) Len() int { return len(c.rows) }

// Clone returns an independent copy of the cache.
func (c *KVCache) Clone() *KVCache {
	d := &KVCache{Width: c.Width}
	for _, r := range c.rows {
		d.rows = append(d.rows, append([]float64(nil), r...))
	}
	return d
}

// KeepLast drops all but the last n tokens (all of them if there are fewer).
func (c *KVCache) KeepLast(n int) {
	if n < len(c.rows) {
		c.rows = c.rows[len(c.rows)-n:]
	}
}

// AppendCache writes the new token's entry (1×Width) at the end of the cache, counting its
// elements as written.
func (m *Meter) AppendCache(c *KVCache, entry *mat.Dense) {
	row := append([]float64(nil), entry.RawRowView(0)...)
	if len(row) != c.Width {
		panic("reference: cache entry of the wrong width") // a bug in this package, not bad input
	}
	m.CacheElementsWritten += float64(len(row))
	c.rows = append(c.rows, row)
}

// ReadCache returns the last n cached tokens as an n×Width matrix, counting their elements as
// read.
func (m *Meter) ReadCache(c *KVCache, n int) *mat.Dense {
	rows := c.rows[len(c.rows)-n:]
	out := mat.NewDense(n, c.Width, nil)
	for i, r := range rows {
		out.SetRow(i, r)
	}
	m.CacheElementsRead += float64(n * c.Width)
	return out
}

// ReadCacheRows returns the cached tokens at the given positions (0 = the oldest) as a
// len(rows)×Width matrix, counting their elements as read: a sparse read of the top-k.
func (m *Meter) ReadCacheRows(c *KVCache, rows []int) *mat.Dense {
	out := mat.NewDense(len(rows), c.Width, nil)
	for i, r := range rows {
		out.SetRow(i, c.rows[r])
	}
	m.CacheElementsRead += float64(len(rows) * c.Width)
	return out
}

// scalesPerKey is the number of FP32 scales one index key of width d carries.
func scalesPerKey(d int) float64 {
	return float64((d + model.IndexScaleBlock - 1) / model.IndexScaleBlock)
}

// AppendIndexKey writes the new token's index key (1×Width) at the end of an index cache,
// counting its elements and its scales as written.
func (m *Meter) AppendIndexKey(c *KVCache, key *mat.Dense) {
	row := append([]float64(nil), key.RawRowView(0)...)
	if len(row) != c.Width {
		panic("reference: index key of the wrong width") // a bug in this package, not bad input
	}
	m.IndexElementsWritten += float64(len(row))
	m.IndexScalesWritten += scalesPerKey(c.Width)
	c.rows = append(c.rows, row)
}

// ReadIndexKeys returns every cached index key as a Len×Width matrix, counting their
// elements and scales as read: the indexer scores all of them.
func (m *Meter) ReadIndexKeys(c *KVCache) *mat.Dense {
	out := mat.NewDense(len(c.rows), c.Width, nil)
	for i, r := range c.rows {
		out.SetRow(i, r)
	}
	m.IndexElementsRead += float64(len(c.rows) * c.Width)
	m.IndexScalesRead += float64(len(c.rows)) * scalesPerKey(c.Width)
	return out
}

// ConvState is Gated DeltaNet's convolution state: the last K−1 inputs of every channel,
// oldest first.
type ConvState struct {
	Rows [][]float64
}

// Clone returns an independent copy of the state.
func (s *ConvState) Clone() *ConvState {
	d := &ConvState{}
	for _, r := range s.Rows {
		d.Rows = append(d.Rows, append([]float64(nil), r...))
	}
	return d
}

func (s *ConvState) elements() float64 {
	if len(s.Rows) == 0 {
		return 0
	}
	return float64(len(s.Rows) * len(s.Rows[0]))
}

// ReadConvState counts the convolution state as read and returns its rows.
func (m *Meter) ReadConvState(s *ConvState) [][]float64 {
	m.ConvStateElementsRead += s.elements()
	return s.Rows
}

// ShiftConvState drops the oldest row, appends x and counts the state as written.
func (m *Meter) ShiftConvState(s *ConvState, x []float64) {
	if len(s.Rows) > 0 {
		s.Rows = append(s.Rows[1:], append([]float64(nil), x...))
	}
	m.ConvStateElementsWritten += s.elements()
}

// LinearState is a linear-attention layer's fixed state: one dk×dv matrix per value head.
type LinearState struct {
	// S holds S_h for every value head h.
	S []*mat.Dense
}

// Clone returns an independent copy of the state.
func (s *LinearState) Clone() *LinearState {
	d := &LinearState{}
	for _, h := range s.S {
		d.S = append(d.S, mat.DenseCopyOf(h))
	}
	return d
}

func (s *LinearState) elements() float64 {
	var n float64
	for _, h := range s.S {
		r, c := h.Dims()
		n += float64(r * c)
	}
	return n
}

// ReadState counts the whole state as read (a decode step loads it once).
func (m *Meter) ReadState(s *LinearState) { m.StateElementsRead += s.elements() }

// WriteState counts the whole state as written back.
func (m *Meter) WriteState(s *LinearState) { m.StateElementsWritten += s.elements() }
