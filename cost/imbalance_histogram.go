package cost

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// MaxHistogramExperts bounds the experts of a histogram file.
const MaxHistogramExperts = 1 << 16

// ParseExpertHistogram reads a per-expert token histogram (for Imbalance{Kind:
// ImbalanceHistogram}): one load per routed expert, in expert order, separated by commas,
// spaces or line breaks; "#" starts a comment to the end of its line. file names it in errors,
// which give the line and the expert.
func ParseExpertHistogram(data []byte, file string) (Imbalance, error) {
	var tokens []float64
	for i, line := range strings.Split(string(data), "\n") {
		if c := strings.IndexByte(line, '#'); c >= 0 {
			line = line[:c]
		}
		for _, f := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' }) {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return Imbalance{}, fmt.Errorf("%s:%d: expert %d: %q is not a token count (want a number ≥ 0)", file, i+1, len(tokens), f)
			}
			if len(tokens) == MaxHistogramExperts {
				return Imbalance{}, fmt.Errorf("%s:%d: more than %d experts", file, i+1, MaxHistogramExperts)
			}
			tokens = append(tokens, v)
		}
	}
	im := Imbalance{Kind: ImbalanceHistogram, ExpertTokens: tokens}
	if err := im.Validate(); err != nil {
		return Imbalance{}, fmt.Errorf("%s: %w", file, err)
	}
	return im, nil
}
