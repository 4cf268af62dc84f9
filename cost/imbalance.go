package cost

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/decost/decost/internal/bounded"
)

// Expert load imbalance (issue 12 item 7): the busiest GPU of an expert-parallel pool sets the
// routed experts' time and the all-to-all's, so a deployment is priced at the busiest GPU's
// load, ImbalanceFactor × the mean.

// ImbalanceKind says how the busiest GPU's expert load is found.
type ImbalanceKind string

const (
	// ImbalanceUniform (the default): tokens route uniformly at random, and the busiest GPU
	// carries the expected maximum of the GPUs' multinomial loads (UniformImbalance).
	ImbalanceUniform ImbalanceKind = "uniform"
	// ImbalanceNone: every GPU carries exactly the mean.
	ImbalanceNone ImbalanceKind = "none"
	// ImbalanceRatio: the busiest GPU carries a given max/mean ratio.
	ImbalanceRatio ImbalanceKind = "ratio"
	// ImbalanceHistogram: a measured per-expert token histogram, placed on the GPUs
	// (HistogramImbalance).
	ImbalanceHistogram ImbalanceKind = "histogram"
)

// Imbalance is the expert-load assumption of a deployment. The zero value is ImbalanceUniform.
type Imbalance struct {
	// Kind is one of the kinds above; "" means ImbalanceUniform.
	Kind ImbalanceKind `json:"kind"`
	// Ratio is the max/mean load of ImbalanceRatio (≥ 1).
	Ratio float64 `json:"ratio,omitempty"`
	// ExpertTokens is the histogram of ImbalanceHistogram: tokens (or any load) per routed
	// expert, one entry per expert, in expert order.
	ExpertTokens []float64 `json:"expert_tokens,omitempty"`
}

// ParseImbalance reads "uniform", "none" or a max/mean ratio such as "1.3" (≥ 1). A histogram
// comes from a file the caller reads (Imbalance{Kind: ImbalanceHistogram, ExpertTokens: …}).
func ParseImbalance(s string) (Imbalance, error) {
	switch t := strings.ToLower(strings.TrimSpace(s)); t {
	case "", string(ImbalanceUniform):
		return Imbalance{Kind: ImbalanceUniform}, nil
	case string(ImbalanceNone):
		return Imbalance{Kind: ImbalanceNone}, nil
	default:
		r, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return Imbalance{}, fmt.Errorf("imbalance %q: want uniform, none, a max/mean ratio ≥ 1 or a histogram file", s)
		}
		im := Imbalance{Kind: ImbalanceRatio, Ratio: r}
		return im, im.Validate()
	}
}

// Validate reports an unusable imbalance.
func (im Imbalance) Validate() error {
	switch im.Kind {
	case "", ImbalanceUniform, ImbalanceNone:
		return nil
	case ImbalanceRatio:
		if math.IsNaN(im.Ratio) || math.IsInf(im.Ratio, 0) || im.Ratio < 1 || im.Ratio > 1e3 {
			return fmt.Errorf("imbalance: max/mean ratio must be between 1 and 1000, got %v", im.Ratio)
		}
		return nil
	case ImbalanceHistogram:
		if len(im.ExpertTokens) == 0 {
			return fmt.Errorf("imbalance: the expert histogram is empty")
		}
		var sum float64
		for i, v := range im.ExpertTokens {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return fmt.Errorf("imbalance: expert %d: tokens must be 0 or positive, got %v", i, v)
			}
			sum += v
		}
		if sum <= 0 {
			return fmt.Errorf("imbalance: the expert histogram has no tokens")
		}
		if math.IsInf(sum, 0) {
			return fmt.Errorf("imbalance: the expert histogram's tokens add up beyond %g", math.MaxFloat64)
		}
		return nil
	}
	return fmt.Errorf("imbalance: unknown kind %q (want uniform, none, ratio or histogram)", im.Kind)
}

// String describes the imbalance as outputs print it: "uniform", "none", "1.3",
// "histogram(256 experts)".
func (im Imbalance) String() string {
	switch im.Kind {
	case ImbalanceRatio:
		return strconv.FormatFloat(im.Ratio, 'g', -1, 64)
	case ImbalanceHistogram:
		return fmt.Sprintf("histogram(%d experts)", len(im.ExpertTokens))
	case ImbalanceNone:
		return string(ImbalanceNone)
	}
	return string(ImbalanceUniform)
}

// UniformImbalance is the expected max/mean expert load over the GPUs of an expert-parallel
// pool when tokens route uniformly: T tokens each pick k of E routed experts (without
// repetition), spread evenly, E/G experts on each of G GPUs.
//
// Derivation. One token's pairs on a given GPU are hypergeometric (k draws from E of which
// n = E/G are the GPU's): mean k/G, variance v = k·(1/G)·(1 − 1/G)·(E − k)/(E − 1). Tokens route
// independently, so a GPU's load L is a sum of T such terms: mean μ = T·k/G, variance T·v, and
// by the central limit theorem close to normal. The busiest of G GPUs then carries
// E[max L] ≈ μ + z_G·√(T·v), with z_G = E[max of G standard normals] (ExpectedMaxStdNormal;
// the loads are slightly negatively correlated, as they sum to T·k, which makes this a little
// high for G = 2). The ratio is
//
//	1 + z_G·√(T·v)/μ = 1 + z_G·√((G − 1)(E − k)/(T·k·(E − 1)))
//
// 1 for G = 1 or k = E. The test checks it against a Monte Carlo draw.
func UniformImbalance(tokens float64, experts, topK, gpus int) float64 {
	return uniformImbalance(tokens, experts, topK, gpus, ExpectedMaxStdNormal(gpus))
}

func uniformImbalance(tokens float64, experts, topK, gpus int, zG float64) float64 {
	if gpus <= 1 || topK >= experts || tokens <= 0 {
		return 1
	}
	g, e, k := float64(gpus), float64(experts), float64(topK)
	return 1 + zG*math.Sqrt((g-1)*(e-k)/(tokens*k*(e-1)))
}

// ExpectedMaxStdNormal is z_n = E[max of n independent standard normals]: 0 for n = 1,
// 1/√π ≈ 0.5642 for n = 2, 1.0294 for 4, 1.4236 for 8, 2.5947 for 128. It integrates
// ∫ x·n·φ(x)·Φ(x)^(n−1) dx by Simpson's rule over [−8.5, 8.5] (1000 intervals: better than 1e-6).
func ExpectedMaxStdNormal(n int) float64 {
	if n <= 1 {
		return 0
	}
	const lo, hi, steps = -8.5, 8.5, 1000
	h := (hi - lo) / steps
	f := func(x float64) float64 {
		phi := math.Exp(-x*x/2) / math.Sqrt(2*math.Pi)
		cdf := 0.5 * math.Erfc(-x/math.Sqrt2)
		return x * float64(n) * phi * math.Pow(cdf, float64(n-1))
	}
	sum := f(lo) + f(hi)
	for i := 1; i < steps; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * f(lo+float64(i)*h)
	}
	return sum * h / 3
}

// HistogramImbalance is the max/mean load over G GPUs of a measured per-expert histogram, with
// redundant extra expert replicas: the redundant replicas go one at a time to the expert whose
// replicas carry the most each (its load split evenly between them, as DeepSeek's EPLB does),
// then replicas are placed heaviest first on the least-loaded GPU that still has a slot
// (⌈(E + redundant)/G⌉ slots each). The ratio is the busiest GPU's load over the mean; it
// describes the systematic skew of the histogram, not the per-step noise of UniformImbalance.
func HistogramImbalance(expertTokens []float64, redundant, gpus int) float64 {
	e := len(expertTokens)
	if gpus <= 1 || e == 0 {
		return 1
	}
	type rep struct {
		load  float64
		count int
	}
	// Loads relative to the largest, so that no sum overflows.
	top := 0.0
	for _, v := range expertTokens {
		top = math.Max(top, v)
	}
	if !(top > 0) || math.IsInf(top, 0) {
		return 1
	}
	reps := make([]rep, e)
	var total float64
	for i, v := range expertTokens {
		reps[i] = rep{v / top, 1}
		total += v / top
	}
	if total <= 0 {
		return 1
	}
	for r := 0; r < redundant; r++ {
		best := 0
		for i := range reps {
			if reps[i].load/float64(reps[i].count) > reps[best].load/float64(reps[best].count) {
				best = i
			}
		}
		reps[best].count++
	}
	var loads []float64
	for _, r := range reps {
		for j := 0; j < r.count; j++ {
			loads = append(loads, r.load/float64(r.count))
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(loads)))
	slots := (len(loads) + gpus - 1) / gpus
	gpu := make([]float64, gpus)
	used := make([]int, gpus)
	for _, l := range loads {
		best := -1
		for g := range gpu {
			if used[g] < slots && (best < 0 || gpu[g] < gpu[best]) {
				best = g
			}
		}
		gpu[best] += l
		used[best]++
	}
	busiest := 0.0
	for _, l := range gpu {
		busiest = math.Max(busiest, l)
	}
	return busiest / (total / float64(gpus))
}

// Limits of an expert histogram file (ReadExpertHistogram).
const (
	// MaxHistogramBytes bounds the file: 1 MiB.
	MaxHistogramBytes = 1 << 20
	// MaxHistogramExperts bounds its entries.
	MaxHistogramExperts = 1 << 16
)

// ReadExpertHistogram reads a per-expert token histogram (--imbalance FILE): one number per
// line — the tokens (or any load) of expert 0, 1, … — or CSV lines whose last field is that
// number (a header line without a number in it is skipped, as are blank lines and lines
// starting with #). Errors name the line and the field.
func ReadExpertHistogram(r io.Reader) ([]float64, error) {
	sc := bufio.NewScanner(bounded.NewReader(r, bounded.Limits{MaxBytes: MaxHistogramBytes, MaxLineBytes: 1 << 16}))
	sc.Buffer(make([]byte, 0, 4096), 1<<17)
	var out []float64
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		fields := strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == ';' || r == '\t' || r == ' ' })
		if len(fields) == 0 {
			return nil, fmt.Errorf("expert histogram line %d: no number of tokens", line)
		}
		last := fields[len(fields)-1]
		v, err := strconv.ParseFloat(last, 64)
		if err != nil {
			if len(out) == 0 && line == 1 {
				continue // a header
			}
			return nil, fmt.Errorf("expert histogram line %d: %q is not a number of tokens", line, last)
		}
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return nil, fmt.Errorf("expert histogram line %d: tokens must be 0 or positive, got %v", line, v)
		}
		if len(out) == MaxHistogramExperts {
			return nil, fmt.Errorf("expert histogram line %d: more than %d experts", line, MaxHistogramExperts)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("expert histogram: %w", err)
	}
	im := Imbalance{Kind: ImbalanceHistogram, ExpertTokens: out}
	if err := im.Validate(); err != nil {
		return nil, err
	}
	return out, nil
}
