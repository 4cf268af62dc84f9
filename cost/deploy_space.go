package cost

import (
	"fmt"

	"github.com/decost/decost/model"
)

// This file is the one home of the deployment search space and of the per-mode defaults,
// which the CLI (decost deploy) and scenarios (analysis: deploy) both use:
// docs/design.md §deploy.

// ParseMode reads a deployment mode: ModeAFD, ModeEP, or "" for ModeAFD.
func ParseMode(s string) (string, error) {
	switch s {
	case "", ModeAFD:
		return ModeAFD, nil
	case ModeEP:
		return ModeEP, nil
	}
	return "", fmt.Errorf("unknown deployment mode %q (want afd or ep)", s)
}

// DefaultMicroBatches is the pipeline depth m of a mode when none is given:
// DefaultAFDMicroBatches (3: attention, FFN and communication each busy) for AFD,
// DefaultEPMicroBatches (2: communication overlaps compute) for EP.
func DefaultMicroBatches(mode string) int {
	if mode == ModeEP {
		return DefaultEPMicroBatches
	}
	return DefaultAFDMicroBatches
}

// InstanceCounts are the instance counts a search tries for a pool: 1, 2, …, max.
func InstanceCounts(max int) []int {
	s := make([]int, max)
	for i := range s {
		s[i] = i + 1
	}
	return s
}

// MaxFFNInstances is the largest FFN pool of y instances of gpusPerInstance GPUs an AFD
// search tries: at most maxInstances (DefaultMaxInstances when 0), and y·g at most the
// routed experts of the model's MoE layer kind of fewest experts (expert replication is
// not modelled). It is 0 when one instance already has more GPUs than those experts; a
// model without MoE layers gets maxInstances.
func MaxFFNInstances(m *model.Model, gpusPerInstance, maxInstances int) int {
	if maxInstances == 0 {
		maxInstances = DefaultMaxInstances
	}
	if e := maxPoolGPUs(m); e > 0 && gpusPerInstance > 0 {
		return min(maxInstances, e/gpusPerInstance)
	}
	return maxInstances
}

// EPGPUCounts are the GPU counts G an EP search tries: one node of gpusPerNode GPUs
// (at least 1) times 1, 2, 4, … up to maxGPUs (DefaultMaxEPGPUs when 0) and the routed
// experts of the model's MoE layer kind of fewest experts (each GPU holds at least one
// expert). Empty when one node already exceeds that bound.
func EPGPUCounts(m *model.Model, gpusPerNode, maxGPUs int) []int {
	if maxGPUs == 0 {
		maxGPUs = DefaultMaxEPGPUs
	}
	if e := maxPoolGPUs(m); e > 0 {
		maxGPUs = min(maxGPUs, e)
	}
	var gs []int
	for g := max(gpusPerNode, 1); g <= maxGPUs; g *= 2 {
		gs = append(gs, g)
	}
	return gs
}

// DeploySetting is a deployment setting that only one mode reads. The CLI and scenarios
// name them in their own words (a flag, a YAML key) and reject a setting whose Mode is
// not the deployment's.
type DeploySetting int

// The settings of one mode.
const (
	// AFD: the cards of the two pools, their instance counts, the GPUs of one instance
	// and the largest instance count searched.
	AttentionHardwareSetting DeploySetting = iota
	FFNHardwareSetting
	AttentionInstancesSetting
	FFNInstancesSetting
	GPUsPerInstanceSetting
	MaxInstancesSetting
	// EP: the one card of every GPU and the GPU count G.
	HardwareSetting
	GPUsSetting
)

// Mode is the mode that reads s: ModeAFD or ModeEP.
func (s DeploySetting) Mode() string {
	if s >= HardwareSetting {
		return ModeEP
	}
	return ModeAFD
}

// ModeSettings lists the settings only mode reads, in the order of the constants.
func ModeSettings(mode string) []DeploySetting {
	var out []DeploySetting
	for s := AttentionHardwareSetting; s <= GPUsSetting; s++ {
		if s.Mode() == mode {
			out = append(out, s)
		}
	}
	return out
}
