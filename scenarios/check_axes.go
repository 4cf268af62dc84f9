package scenarios

import (
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/hardware"
)

// checkAxes reads and checks the axes: models, hardware, contexts, batch sizes,
// precisions, prices and the deployment parameters, each against the analysis.
func (s *Scenario) checkAxes() error {
	a := &s.Axes
	p := path{"axes"}
	if len(a.Models) == 0 {
		return s.errAt(append(p, "models"), "empty: give at least one model id, config.json path, report or all")
	}
	if err := s.checkIDs(append(p, "models"), a.Models, "model"); err != nil {
		return err
	}
	needsHW := s.Analysis != Counts
	switch {
	case needsHW && len(a.Hardware) == 0 && s.Analysis != Deploy:
		return s.errAt(append(p, "hardware"), "empty: give at least one card id, report or all")
	case s.Analysis == Deploy && len(a.Hardware) == 0 && (a.Deployment.AttentionHardware == "" || a.Deployment.FFNHardware == ""):
		return s.errAt(append(p, "hardware"), "empty: give cards, or deployment.attention_hardware and deployment.ffn_hardware")
	case s.Analysis == Deploy && len(a.Hardware) > 0 && (a.Deployment.AttentionHardware != "" || a.Deployment.FFNHardware != ""):
		return s.errAt(append(p, "hardware"), "give cards here or deployment.attention_hardware and ffn_hardware, not both")
	case !needsHW && len(a.Hardware) > 0:
		return s.errAt(append(p, "hardware"), "the %s analysis takes no hardware", s.Analysis)
	}
	if err := s.checkIDs(append(p, "hardware"), a.Hardware, "card"); err != nil {
		return err
	}
	if err := s.readInts(&a.Contexts, append(p, "contexts"), MaxContext, "tokens"); err != nil {
		return err
	}
	if a.Contexts.Len() == 0 && s.Analysis != Sparsity {
		return s.errAt(append(p, "contexts"), "empty: give at least one context in tokens (e.g. 8k)")
	}
	if a.Contexts.Len() > 0 && s.Analysis == Sparsity {
		return s.errAt(append(p, "contexts"), "the sparsity analysis takes no contexts")
	}
	if err := s.readInts(&a.BatchSizes, append(p, "batch_sizes"), cost.MaxSequences, "sequences"); err != nil {
		return err
	}
	if a.BatchSizes.Len() == 0 && s.Analysis == Roofline {
		return s.errAt(append(p, "batch_sizes"), "empty: give at least one batch size (sequences per step)")
	}
	if a.BatchSizes.Len() > 0 && s.Analysis != Roofline && s.Analysis != Deploy {
		return s.errAt(append(p, "batch_sizes"), "the %s analysis takes no batch sizes", s.Analysis)
	}
	for i := range a.Precisions {
		if err := s.readPrecision(&a.Precisions[i], append(p, "precisions", i)); err != nil {
			return err
		}
	}
	if len(a.Prices) > 0 && s.Analysis != Cost {
		return s.errAt(append(p, "prices"), "only the cost analysis sweeps prices")
	}
	for _, id := range slices.Sorted(maps.Keys(a.Prices)) {
		f := a.Prices[id]
		pp := append(p, "prices", id)
		listed := slices.Contains(a.Hardware, id) || (len(a.Hardware) == 1 && a.Hardware[0] == "all") ||
			(len(a.Hardware) == 1 && a.Hardware[0] == "report" && slices.Contains(hardware.ReportIDs(), id))
		if !listed {
			return s.errAt(pp, "card %q is not in axes.hardware", id)
		}
		if err := s.readFloats(&f, pp); err != nil {
			return err
		}
		a.Prices[id] = f
	}
	d := &a.Deployment
	dp := append(p, "deployment")
	if (s.Analysis == Cost || s.Analysis == Counts) && s.lineOf(dp) != s.lineOf(p) {
		return s.errAt(dp, "the %s analysis takes no deployment parameters", s.Analysis)
	}
	if d.AttentionParallel != "" && d.AttentionParallel != "dp" && d.AttentionParallel != "tp" {
		return s.errAt(append(dp, "attention_parallel"), "unknown attention parallelism %q (want dp or tp)", d.AttentionParallel)
	}
	if d.NICEfficiency < 0 || d.NICEfficiency > 1 || math.IsNaN(d.NICEfficiency) {
		return s.errAt(append(dp, "nic_efficiency"), "must be in (0, 1], got %v", d.NICEfficiency)
	}
	mode, err := cost.ParseMode(d.Mode)
	if err != nil {
		return s.errAt(append(dp, "mode"), "unknown mode %q (want afd or ep)", d.Mode)
	}
	// Which keys belong to which mode is cost's rule (cost.DeploySetting.Mode), as for the
	// CLI's flags; axes.hardware serves both modes.
	keys := []struct {
		set   cost.DeploySetting
		key   string
		given bool
	}{
		{cost.AttentionHardwareSetting, "attention_hardware", d.AttentionHardware != ""},
		{cost.FFNHardwareSetting, "ffn_hardware", d.FFNHardware != ""},
		{cost.AttentionInstancesSetting, "attention_instances", d.AttentionInstances.node != nil},
		{cost.FFNInstancesSetting, "ffn_instances", d.FFNInstances.node != nil},
		{cost.GPUsPerInstanceSetting, "gpus_per_instance", d.GPUsPerInstance != 0},
		{cost.GPUsSetting, "gpus", d.GPUs.node != nil},
	}
	for _, k := range keys {
		switch {
		case !k.given || k.set.Mode() == mode:
		case mode == cost.ModeEP:
			return s.errAt(append(dp, k.key), "%s is an AFD setting; EP colocates attention and experts: give its cards in axes.hardware and its sizes in deployment.gpus", k.key)
		default:
			return s.errAt(append(dp, k.key), "%s sizes an EP deployment (mode: ep); AFD takes attention_instances, ffn_instances and gpus_per_instance", k.key)
		}
	}
	for _, f := range []struct {
		v    *Ints
		name string
	}{{&d.AttentionInstances, "attention_instances"}, {&d.FFNInstances, "ffn_instances"}, {&d.GPUs, "gpus"}} {
		if err := s.readInts(f.v, append(dp, f.name), 1<<16, "instances"); err != nil {
			return err
		}
	}
	switch {
	case d.GPUsPerInstance < 0:
		return s.errAt(append(dp, "gpus_per_instance"), "must be positive, got %d", d.GPUsPerInstance)
	case d.MicroBatches < 0:
		return s.errAt(append(dp, "micro_batches"), "must be positive, got %d", d.MicroBatches)
	case d.TPOTSLAMs < 0 || math.IsNaN(d.TPOTSLAMs) || math.IsInf(d.TPOTSLAMs, 0):
		return s.errAt(append(dp, "tpot_sla_ms"), "must be a positive number of milliseconds, got %v", d.TPOTSLAMs)
	}
	return s.checkMTP(d.MTP, append(dp, "mtp"))
}

// checkMTP checks the deployment's mtp axis: the deploy analysis only, each entry a valid
// cost.MTP with an acceptance exactly when it drafts, none listed twice.
func (s *Scenario) checkMTP(ms []MTPSetting, p path) error {
	if len(ms) > 0 && s.Analysis != Deploy {
		return s.errAt(p, "only the deploy analysis sweeps mtp")
	}
	for i, m := range ms {
		if err := m.MTP().Validate(); err != nil {
			return s.errAt(append(p, i), "%v", err)
		}
		switch {
		case m.DraftTokens > 0 && m.Accept == 0:
			return s.errAt(append(p, i), "draft_tokens %d needs accept: the acceptance of each draft position", m.DraftTokens)
		case m.DraftTokens == 0 && m.Accept != 0:
			return s.errAt(append(p, i), "accept %g needs draft_tokens > 0", m.Accept)
		}
		if j := slices.Index(ms[:i], m); j >= 0 {
			return s.errAt(append(p, i), "mtp {draft_tokens: %d, accept: %g} is listed twice (entry %d too); list each once", m.DraftTokens, m.Accept, j)
		}
	}
	return nil
}

// checkIDs checks the entries of a list of ids (noun: "model", "card"): none empty, and
// "all" or "report" only alone.
func (s *Scenario) checkIDs(p path, ids Strings, noun string) error {
	for i, id := range ids {
		if strings.TrimSpace(id) == "" {
			return s.errAt(append(p, i), "empty %s id", noun)
		}
		if (id == "all" || id == "report") && len(ids) > 1 {
			return s.errAt(append(p, i), "%q stands alone; it cannot be mixed with other %ss", id, noun)
		}
		if j := slices.Index(ids[:i], id); j >= 0 {
			return s.errAt(append(p, i), "%s %q is listed twice (entry %d too); list each once", noun, id, j)
		}
	}
	return nil
}
