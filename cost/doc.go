// Package cost joins models and hardware into the analyses decost reports. Which file holds
// which analysis:
//
//   - theoretical*.go: the Step-3 report's theoretical decoding cost (theoretical.go), its
//     communication-free attention–FFN split, the cheapest card for each half
//     (theoretical_afd.go), and the cost table over models × cards × contexts
//     (theoretical_compare.go); docs/design.md §cost. A zero-allocation Evaluator serves
//     sweeps.
//   - roofline*.go: the per-operation roofline of one layer's decode step, ideal and
//     calibrated; docs/design.md §roofline.
//   - sparsity.go: the MoE sparsity bound under the network limit; docs/design.md §sparsity.
//   - deploy*.go: the AFD and EP deployment simulation (deploy.go: what both modes share —
//     network, assumptions, the result; deploy_afd.go, deploy_ep.go: one mode each;
//     deploy_memory.go: what a GPU holds), its searches (deploy_search.go), and the one
//     home of the search space and the per-mode defaults that decost deploy and deploy
//     scenarios share (deploy_space.go); docs/design.md §deploy.
//   - pareto.go: Pareto frontiers over any objectives.
//
// Dollar figures are USD per 10^6 decoded tokens (USDPerMTok). Every time is ideal unless its
// name says calibrated.
package cost
