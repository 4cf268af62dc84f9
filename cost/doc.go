// Package cost joins models and hardware into the analyses decost reports:
//
//   - the Step-3 report's theoretical decoding cost and AFD choice (theoretical.go, afd.go,
//     compare.go; DESIGN §6), with a zero-allocation Evaluator for sweeps;
//   - the per-operation roofline of one layer's decode step, ideal and calibrated
//     (roofline*.go; DESIGN §8);
//   - the MoE sparsity bound under the network limit (sparsity.go; DESIGN §7);
//   - the AFD and EP deployment simulation and its searches (deploy*.go; DESIGN §9);
//   - Pareto frontiers over any objectives (pareto.go).
//
// Dollar figures are USD per 10^6 decoded tokens (USDPerMTok). Every time is ideal unless its
// name says calibrated.
package cost
