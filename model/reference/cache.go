package reference

import "gonum.org/v1/gonum/mat"

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
