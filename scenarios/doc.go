// Package scenarios reads YAML scenario files — which analysis to run over which axes
// (models, hardware, contexts, batch sizes, precisions, prices, deployments), which files
// and plots to write — and runs them through the cost package.
//
// A scenario is loaded with Parse or Load (unknown keys, bad values and empty axes are
// errors naming the file, the line and the field), resolved against a model resolver and a
// hardware catalogue with NewPlan, and run either in memory (Run, for tables and plots) or
// streamed (Stream: workers evaluate chunks of points on every core, rows are written in a
// deterministic order, memory stays bounded whatever the number of points).
//
// Each analysis's results table has one list of columns (Columns: key, header, plot axis
// title; columns.go, analyses.go, deploy.go) that scenario files, the streamed CSV and the
// report's tables all use, and one implementation of where filters and Pareto frontiers
// (Filter, Frontier in where.go) for the in-memory and streamed paths alike.
//
// The built-in scenarios, which reproduce the Step-3 report's analyses, are embedded in the
// binary (Builtin, BuiltinNames). The package does not print; it returns plain values and
// writes only to the io.Writer it is given.
package scenarios
