package scenarios

import (
	"testing"

	"github.com/decost/decost/cost"
)

// The TPOT target is read once for the deploy and sparsity analyses: tpot_sla_ms / 1000,
// else cost's default (50 ms).
func TestDeploymentTPOTSeconds(t *testing.T) {
	if got := (Deployment{TPOTSLAMs: 30}).tpotSeconds(); got != 0.03 {
		t.Errorf("30 ms: %v s, want 0.03", got)
	}
	if got := (Deployment{}).tpotSeconds(); got != cost.DefaultTPOTSLASeconds {
		t.Errorf("default: %v s, want cost.DefaultTPOTSLASeconds %v", got, cost.DefaultTPOTSLASeconds)
	}
	if _, _, _, sla := deployDefaults(Deployment{TPOTSLAMs: 30}); sla != 0.03 {
		t.Errorf("deployDefaults SLA %v s, want 0.03", sla)
	}
}
