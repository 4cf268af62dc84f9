// Package anchors is decost's public scorecard: published decode measurements of real
// deployments (one YAML file each in testdata/anchors), run through the deployment model
// and compared with what was measured. An anchor records what was deployed (model, cards,
// layout, batch, context, precision, MTP, overlap schedule), where the number comes from and
// what exactly it measured, the measured tokens per GPU per second (TGS) and the error band
// decost claims for it.
//
// Nothing here is fitted to the anchors: Evaluate runs the same cost.EvaluateEP as 'decost
// deploy', with the built-in catalogue, the cards' built-in kernel tables and the default
// assumptions.
package anchors

import (
	"bytes"
	"fmt"
	"io/fs"
	"math"
	"path"
	"slices"
	"strings"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/internal/bounded"
	"github.com/decost/decost/precision"
	"gopkg.in/yaml.v3"
)

// Anchor is one published decode measurement.
type Anchor struct {
	// ID names the anchor (the file name without .yaml).
	ID string `yaml:"id" json:"id"`
	// Model is a built-in model id.
	Model string `yaml:"model" json:"model"`
	// Hardware is the card id of every GPU (EP) or, for AFD, of both pools unless Layout
	// names them.
	Hardware string `yaml:"hardware" json:"hardware"`
	// Layout is how the model is spread over the GPUs.
	Layout Layout `yaml:"layout" json:"layout"`
	// BatchPerGPU is the sequences in flight per GPU (EP) or per attention GPU (AFD).
	BatchPerGPU int `yaml:"batch_per_gpu" json:"batch_per_gpu"`
	// InputTokens and OutputTokens are each request's prompt and generated lengths, in tokens.
	InputTokens  int `yaml:"input_tokens" json:"input_tokens"`
	OutputTokens int `yaml:"output_tokens" json:"output_tokens"`
	// Context is the average KV length during decode in tokens: InputTokens +
	// OutputTokens/2 (Load checks it).
	Context int `yaml:"context" json:"context"`
	// Precision is what the serving engine ran each op class in.
	Precision Precision `yaml:"precision" json:"precision"`
	// MTP is the draft tokens per step of multi-token prediction (0: none).
	MTP int `yaml:"mtp" json:"mtp"`
	// MTPAccept is the measured acceptance of each draft position (0 when MTP is 0).
	MTPAccept float64 `yaml:"mtp_accept,omitempty" json:"mtp_accept,omitempty"`
	// Schedule is the overlap schedule the engine ran: none (one micro-batch, no overlap),
	// deepseek-5stage or afd-pipeline.
	Schedule string `yaml:"schedule" json:"schedule"`
	// Source says where the measurement was published and what it measured.
	Source Source `yaml:"source" json:"source"`
	// MeasuredTGS is the published tokens per GPU per second.
	MeasuredTGS float64 `yaml:"measured_tgs" json:"measured_tgs"`
	// ErrorBand is the largest relative error |calibrated − measured| / measured decost
	// claims for this anchor (0.10: 10%).
	ErrorBand float64 `yaml:"error_band" json:"error_band"`
	// OtherEstimates are other tools' published estimates of the same deployment.
	OtherEstimates []Estimate `yaml:"other_estimates,omitempty" json:"other_estimates,omitempty"`
}

// Layout is a deployment's parallelism.
type Layout struct {
	// Mode is cost.ModeEP or cost.ModeAFD.
	Mode string `yaml:"mode" json:"mode"`
	// GPUs is every GPU of the deployment.
	GPUs int `yaml:"gpus" json:"gpus"`
	// AttentionDP is the data-parallel degree of attention (EP: every GPU, so GPUs).
	AttentionDP int `yaml:"attention_dp" json:"attention_dp"`
	// EP is the expert-parallel degree: the GPUs the routed experts are spread over.
	EP int `yaml:"ep" json:"ep"`
}

// Precision is what the serving engine ran each op class in: a preset of
// cost.ServingPrecisionPreset (model, deepseek, fp8-gemm, bf16) and, per op class, the formats
// that differ from it.
type Precision struct {
	Preset        string           `yaml:"preset" json:"preset"`
	KV            precision.Format `yaml:"kv,omitempty" json:"kv,omitempty"`
	AttentionCore precision.Format `yaml:"attention_core,omitempty" json:"attention_core,omitempty"`
	GEMM          precision.Format `yaml:"gemm,omitempty" json:"gemm,omitempty"`
	Experts       precision.Format `yaml:"experts,omitempty" json:"experts,omitempty"`
	Dispatch      precision.Format `yaml:"dispatch,omitempty" json:"dispatch,omitempty"`
	Combine       precision.Format `yaml:"combine,omitempty" json:"combine,omitempty"`
	LMHead        precision.Format `yaml:"lm_head,omitempty" json:"lm_head,omitempty"`
}

// Serving is the serving precision p names: its preset with its per-op formats over it.
func (p Precision) Serving() (cost.ServingPrecision, error) {
	sp, err := cost.ServingPrecisionPreset(p.Preset)
	if err != nil {
		return sp, fmt.Errorf("precision.preset: %w", err)
	}
	for _, o := range []struct {
		name, op string
		v        precision.Format
	}{{"kv", "kv", p.KV}, {"attention_core", "attention-core", p.AttentionCore}, {"gemm", "gemm", p.GEMM}, {"experts", "experts", p.Experts},
		{"dispatch", "dispatch", p.Dispatch}, {"combine", "combine", p.Combine}, {"lm_head", "lm-head", p.LMHead}} {
		if o.v == "" {
			continue
		}
		if err := sp.SetOp(o.op, o.v); err != nil {
			return sp, fmt.Errorf("precision.%s %q: want one of fp4, fp8, int8, fp16, bf16, fp32", o.name, o.v)
		}
	}
	return sp, nil
}

// String is the precision in one short phrase: the preset, and the op classes set over it.
func (p Precision) String() string {
	s := p.Preset
	for _, o := range []struct {
		name string
		v    precision.Format
	}{{"KV", p.KV}, {"attention core", p.AttentionCore}, {"GEMMs", p.GEMM}, {"experts", p.Experts},
		{"dispatch", p.Dispatch}, {"combine", p.Combine}, {"LM head", p.LMHead}} {
		if o.v != "" {
			s += fmt.Sprintf(", %s %s", o.name, o.v)
		}
	}
	return s
}

// Source is where a measurement comes from.
type Source struct {
	// URL is the publication.
	URL string `yaml:"url" json:"url"`
	// Engine is the serving engine measured (SGLang, vLLM, …).
	Engine string `yaml:"engine" json:"engine"`
	// Measured says exactly what the published number is.
	Measured string `yaml:"measured" json:"measured"`
}

// Estimate is another tool's published estimate of an anchor, in tokens per GPU per second.
type Estimate struct {
	Tool string  `yaml:"tool" json:"tool"`
	TGS  float64 `yaml:"tgs" json:"tgs"`
}

// Load reads every *.yaml anchor in dir of fsys, sorted by file name.
func Load(fsys fs.FS, dir string) ([]Anchor, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		if dir != "." {
			return nil, fmt.Errorf("%s: no anchors (*.yaml)", dir)
		}
		return nil, fmt.Errorf("no anchors (*.yaml)")
	}
	slices.Sort(names)
	out := make([]Anchor, 0, len(names))
	for _, name := range names {
		data, err := readFile(fsys, name)
		if err != nil {
			return nil, err
		}
		a, err := Parse(data, name)
		if err != nil {
			return nil, err
		}
		if want := strings.TrimSuffix(path.Base(name), ".yaml"); a.ID != want {
			return nil, fmt.Errorf("%s: id %q: must be the file name, %q", name, a.ID, want)
		}
		out = append(out, a)
	}
	return out, nil
}

// MaxFileBytes bounds one anchor file (64 KiB: a hand-written page of YAML).
const MaxFileBytes = 64 << 10

// readFile reads one anchor file within MaxFileBytes and bounded.MaxTextLineBytes a line.
func readFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := bounded.ReadAll(f, bounded.Limits{MaxBytes: MaxFileBytes, MaxLineBytes: bounded.MaxTextLineBytes})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, bounded.Describe(err, "an anchor file"))
	}
	return data, nil
}

// Parse reads one anchor; file names it in errors.
func Parse(data []byte, file string) (Anchor, error) {
	var a Anchor
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&a); err != nil {
		return a, fmt.Errorf("%s: %s", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if err := a.Validate(); err != nil {
		return a, fmt.Errorf("%s: %w", file, err)
	}
	return a, nil
}

// Validate reports the first missing or inconsistent field, by its YAML name.
func (a Anchor) Validate() error {
	for _, f := range []struct{ name, v string }{
		{"id", a.ID}, {"model", a.Model}, {"hardware", a.Hardware},
		{"source.url", a.Source.URL}, {"source.measured", a.Source.Measured},
	} {
		if strings.TrimSpace(f.v) == "" {
			return fmt.Errorf("%s: missing", f.name)
		}
	}
	for _, f := range []struct {
		name string
		v    int
	}{
		{"layout.gpus", a.Layout.GPUs}, {"layout.attention_dp", a.Layout.AttentionDP}, {"layout.ep", a.Layout.EP},
		{"batch_per_gpu", a.BatchPerGPU}, {"input_tokens", a.InputTokens}, {"output_tokens", a.OutputTokens}, {"context", a.Context},
	} {
		if f.v < 1 {
			return fmt.Errorf("%s: must be at least 1, got %d", f.name, f.v)
		}
	}
	// The average KV length over the decode of one request: the prompt plus half the output.
	if want := a.InputTokens + a.OutputTokens/2; a.Context != want {
		return fmt.Errorf("context %d: the average KV length during decode is input_tokens + output_tokens/2 = %d", a.Context, want)
	}
	switch a.Layout.Mode {
	case cost.ModeEP:
		// decost's EP: attention data-parallel on every GPU, experts over all of them.
		if a.Layout.AttentionDP != a.Layout.GPUs || a.Layout.EP != a.Layout.GPUs {
			return fmt.Errorf("layout: mode ep needs attention_dp = ep = gpus (%d), got attention_dp %d, ep %d",
				a.Layout.GPUs, a.Layout.AttentionDP, a.Layout.EP)
		}
	default:
		return fmt.Errorf("layout.mode %q: want %s", a.Layout.Mode, cost.ModeEP)
	}
	if _, err := a.Precision.Serving(); err != nil {
		return err
	}
	if err := (cost.MTP{DraftTokens: a.MTP, AcceptRate: a.MTPAccept}).Validate(); err != nil {
		return fmt.Errorf("mtp %d, mtp_accept %g: %w", a.MTP, a.MTPAccept, err)
	}
	if a.MTP == 0 && a.MTPAccept != 0 {
		return fmt.Errorf("mtp_accept %g: needs mtp > 0 draft tokens", a.MTPAccept)
	}
	if !slices.Contains(cost.ScheduleNames(), a.Schedule) {
		return fmt.Errorf("schedule %q: want one of %s", a.Schedule, strings.Join(cost.ScheduleNames(), ", "))
	}
	if !(a.MeasuredTGS > 0) || math.IsInf(a.MeasuredTGS, 0) {
		return fmt.Errorf("measured_tgs: must be a positive number of tokens per GPU per second, got %v", a.MeasuredTGS)
	}
	if !(a.ErrorBand > 0 && a.ErrorBand < 1) {
		return fmt.Errorf("error_band: must be a fraction in (0, 1), got %v", a.ErrorBand)
	}
	return nil
}
