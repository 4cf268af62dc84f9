package scenarios

import (
	"fmt"
	"strings"
)

// CheckOverrides refuses command-line values that a scenario sweeps itself (conflicting
// inputs are refused, not resolved by precedence): a --price ID=USD for a card whose price
// the scenario sweeps (axes.prices.ID), and a --precision when the scenario sweeps
// precisions (its "default" variant would become the --precision one but keep the label
// "default"). precision is the --precision value, "" when not given.
func (s *Scenario) CheckOverrides(precision string, prices []string) error {
	for _, p := range prices {
		id, _, _ := strings.Cut(p, "=")
		if id = strings.TrimSpace(id); len(s.Axes.Prices[id].Values()) > 0 {
			return fmt.Errorf("--price %s: %s sweeps %s's price (axes.prices.%s); give it in one place", p, s.File, id, id)
		}
	}
	if precision != "" && len(s.Axes.Precisions) > 0 {
		return fmt.Errorf("--precision %s: %s sweeps precisions (axes.precisions); give them in one place", precision, s.File)
	}
	return nil
}
