package cost

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// ReadImbalance reads an imbalance given as one word, as decost deploy's --imbalance takes
// it: uniform, none, a max/mean ratio ≥ 1 (ParseImbalance), or else the path of a per-expert
// token histogram file (ReadExpertHistogram).
func ReadImbalance(arg string) (Imbalance, error) {
	im, err := ParseImbalance(arg)
	if err == nil {
		return im, nil
	}
	if _, perr := strconv.ParseFloat(strings.TrimSpace(arg), 64); perr == nil {
		return im, fmt.Errorf("%s: %w", arg, err) // a ratio out of range
	}
	f, err := os.Open(arg)
	if errors.Is(err, fs.ErrNotExist) {
		return im, fmt.Errorf("%q: want uniform, none, a max/mean ratio ≥ 1 or a histogram file (no such file)", arg)
	}
	if err != nil {
		return im, err
	}
	defer f.Close()
	tokens, err := ReadExpertHistogram(f)
	if err != nil {
		return im, fmt.Errorf("%s: %w", arg, err)
	}
	return Imbalance{Kind: ImbalanceHistogram, ExpertTokens: tokens}, nil
}
