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
//     scenarios share (deploy_space.go); docs/design.md §deploy. deploy_ops.go is the complete
//     op list of a serving decode step, per layer kind and per step; deploy_engine.go
//     resolves a model, its cards, tables, serving options and schedule once per search and
//     evaluates plans without allocating.
//   - pricing.go: the one home of op pricing (roofline and deploy): a kernel table where one
//     covers the op, else the profile, else ideal, with the basis it used.
//   - schedule.go: overlap schedules — a layer's stages as a graph over the compute stream
//     and the network, and their period.
//   - serving*.go: serving options of a deployment (multi-token prediction, the formats each
//     op serves in, schedule, imbalance, step overhead; serving.go) and the OP=FORMAT reader
//     of their op classes (serving_ops.go).
//   - imbalance*.go: expert-load imbalance, the busiest GPU's load (imbalance.go), and the
//     reader of its uniform/none/ratio/histogram argument (imbalance_arg.go).
//   - pareto.go: Pareto frontiers over any objectives.
//
// Dollar figures are USD per 10^6 decoded tokens (USDPerMTok). Every time is ideal unless its
// name says calibrated.
package cost
