package hardware

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"math"

	"github.com/decost/decost/internal/bounded"
	"github.com/decost/decost/precision"
	"gopkg.in/yaml.v3"
)

// Profile says what real kernels reach on a card, relative to its datasheet (docs/design.md §hardware, §calibration):
// an achievable fraction of peak compute per format, an achievable fraction of memory
// bandwidth, and a fixed overhead per kernel (launch, prologue, tail). A calibrated time is
//
//	t = max(F / (peak_f · ComputeFraction_f), M / (BW · BandwidthFraction)) + KernelOverheadSeconds
//
// for an operation of F FLOPs computed in format f moving M bytes through device memory.
// Ideal() (fractions 1, no overhead) gives the ideal roofline time. A Profile is YAML a user
// can edit (see profiles/h200.yaml).
type Profile struct {
	// Name identifies the profile, e.g. "h200-cublas" or "ideal".
	Name string `json:"name" yaml:"name"`
	// Source says where the numbers come from (measurements, date, software).
	Source string `json:"source,omitempty" yaml:"source,omitempty"`
	// ComputeFraction is the achievable fraction (0 < f ≤ 1) of the card's peak FLOP/s per
	// format the card computes in.
	ComputeFraction ComputeFractions `json:"compute_fraction" yaml:"compute_fraction"`
	// BandwidthFraction is the achievable fraction (0 < f ≤ 1) of the datasheet memory
	// bandwidth.
	BandwidthFraction float64 `json:"bandwidth_fraction" yaml:"bandwidth_fraction"`
	// KernelOverheadSeconds is the fixed time every kernel adds, in seconds (≥ 0).
	KernelOverheadSeconds float64 `json:"kernel_overhead_seconds" yaml:"kernel_overhead_seconds"`
	// Fit summarises how well the profile reproduces the measurements it was fitted to; nil
	// for a profile written by hand.
	Fit *FitSummary `json:"fit,omitempty" yaml:"fit,omitempty"`
}

// ComputeFractions are achievable fractions of peak compute per format (0 < f ≤ 1). A zero
// FP4 fraction means "as FP8"; BF16 (also used for FP16) and FP8 must be set.
type ComputeFractions struct {
	BF16 float64 `json:"bf16" yaml:"bf16"`
	FP8  float64 `json:"fp8" yaml:"fp8"`
	FP4  float64 `json:"fp4,omitempty" yaml:"fp4,omitempty"`
}

// FitSummary is the error of a fitted profile on its measurements.
type FitSummary struct {
	// Hardware is the id of the card measured.
	Hardware string `json:"hardware" yaml:"hardware"`
	// Rows is the number of measurements the fit used.
	Rows int `json:"rows" yaml:"rows"`
	// MedianRelativeError and WorstRelativeError are |calibrated − measured| / measured over
	// those rows (0.05 = 5%).
	MedianRelativeError float64 `json:"median_relative_error" yaml:"median_relative_error"`
	WorstRelativeError  float64 `json:"worst_relative_error" yaml:"worst_relative_error"`
}

// Ideal is the profile of no losses: every fraction 1, no kernel overhead, so that calibrated
// times under it equal IdealSeconds.
func Ideal() Profile {
	return Profile{
		Name:              "ideal",
		Source:            "roofline at 100% of datasheet peak and bandwidth, no kernel overhead",
		ComputeFraction:   ComputeFractions{BF16: 1, FP8: 1, FP4: 1},
		BandwidthFraction: 1,
	}
}

//go:embed profiles/h200.yaml
var h200ProfileYAML []byte

// DefaultProfile is the built-in calibrated profile: fitted from the H200 measurements in
// testdata/h200 (PyTorch 2.11, cuBLAS), and used for every card unless the user gives a
// profile of their own. It panics only if the embedded file is broken, which the package
// tests rule out.
func DefaultProfile() Profile {
	p, err := ReadProfile(bytes.NewReader(h200ProfileYAML))
	if err != nil {
		panic(fmt.Sprintf("hardware: built-in profile profiles/h200.yaml: %v", err))
	}
	return p
}

// ReadProfile reads a YAML profile; unknown fields and bad values are errors naming the
// field (and the line, for YAML errors).
func ReadProfile(r io.Reader) (Profile, error) {
	// A profile is a few lines; 1 MiB is a bound, not a size.
	data, err := bounded.ReadAll(r, bounded.Limits{MaxBytes: 1 << 20, MaxLineBytes: bounded.MaxTextLineBytes})
	if err != nil {
		return Profile{}, fmt.Errorf("profile: %w", bounded.Describe(err, "a calibration profile"))
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var p Profile
	if err := dec.Decode(&p); err != nil {
		if err == io.EOF {
			return Profile{}, fmt.Errorf("profile: empty file")
		}
		return Profile{}, fmt.Errorf("profile: %w", err)
	}
	if err := p.Validate(); err != nil {
		return Profile{}, err
	}
	return p, nil
}

// profileYAMLHeader explains a profile file to whoever edits it.
const profileYAMLHeader = `# decost calibration profile. A kernel of F FLOPs (computed in format f) moving M bytes takes
#   max(F / (peak_f * compute_fraction.f), M / (bandwidth * bandwidth_fraction)) + kernel_overhead_seconds
# on any card (peak_f and bandwidth from its datasheet). Fractions in (0, 1]; fp4 defaults to fp8.
`

// WriteYAML writes the profile as YAML, readable by ReadProfile, under a comment explaining
// its fields.
func (p Profile) WriteYAML(w io.Writer) error {
	if _, err := io.WriteString(w, profileYAMLHeader); err != nil {
		return err
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(p); err != nil {
		return fmt.Errorf("profile %s: %w", p.Name, err)
	}
	return enc.Close()
}

// Validate reports the first field that makes the profile unusable.
func (p Profile) Validate() error {
	frac := func(name string, v float64, optional bool) error {
		if optional && v == 0 {
			return nil
		}
		if math.IsNaN(v) || !(v > 0 && v <= 1) {
			return fmt.Errorf("profile %q: %s must be in (0, 1], got %v", p.Name, name, v)
		}
		return nil
	}
	for _, err := range []error{
		frac("compute_fraction.bf16", p.ComputeFraction.BF16, false),
		frac("compute_fraction.fp8", p.ComputeFraction.FP8, false),
		frac("compute_fraction.fp4", p.ComputeFraction.FP4, true),
		frac("bandwidth_fraction", p.BandwidthFraction, false),
	} {
		if err != nil {
			return err
		}
	}
	if o := p.KernelOverheadSeconds; math.IsNaN(o) || math.IsInf(o, 0) || o < 0 || o > 1 {
		return fmt.Errorf("profile %q: kernel_overhead_seconds must be between 0 and 1 s, got %v", p.Name, o)
	}
	return nil
}

// ComputeFractionOf is the achievable fraction of peak for computing in format f (the format
// the card actually computes in, see Accelerator.Compute): FP4 uses the FP8 fraction unless
// its own is set; FP16, INT8 and wider formats use the BF16 fraction.
func (p Profile) ComputeFractionOf(f precision.Format) float64 {
	switch f {
	case precision.FP4:
		if p.ComputeFraction.FP4 > 0 {
			return p.ComputeFraction.FP4
		}
		return p.ComputeFraction.FP8
	case precision.FP8:
		return p.ComputeFraction.FP8
	}
	return p.ComputeFraction.BF16
}

// CalibratedSeconds is the time in seconds of one kernel of flops FLOPs, asked to compute in
// format f, moving bytes bytes through device memory, under profile p:
// max(flops / (peak · compute fraction), bytes / (bandwidth · bandwidth fraction)) + kernel
// overhead. An operation with no FLOPs and no bytes launches nothing and takes 0 s. Under
// Ideal() it equals IdealSeconds.
func (a Accelerator) CalibratedSeconds(p Profile, flops, bytes float64, f precision.Format) float64 {
	if flops == 0 && bytes == 0 {
		return 0
	}
	c, b := a.calibratedTerms(p, flops, bytes, f)
	return math.Max(c, b) + p.KernelOverheadSeconds
}

// CalibratedBound says which roof binds the operation of CalibratedSeconds (memory on a tie).
func (a Accelerator) CalibratedBound(p Profile, flops, bytes float64, f precision.Format) Bound {
	if c, b := a.calibratedTerms(p, flops, bytes, f); c > b {
		return ComputeBound
	}
	return MemoryBound
}

// calibratedTerms are the compute and memory times of CalibratedSeconds, without overhead.
func (a Accelerator) calibratedTerms(p Profile, flops, bytes float64, f precision.Format) (computeSeconds, memorySeconds float64) {
	g, peak := a.Compute(f)
	return flops / (peak * p.ComputeFractionOf(g)), bytes / (a.MemoryBytesPerSecond * p.BandwidthFraction)
}
