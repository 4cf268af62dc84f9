// Package report lays the results of decost's analyses out for people and tools: the tables
// (render.Table), the JSON records, the sweep outputs and the plots each command prints or
// writes. cmd/decost parses flags, calls the library and hands the results here; nothing in
// this package reads flags or writes files (plots are returned, not saved), and it writes
// only to the io.Writer it is given.
//
// Files, by command:
//
//	columns.go       a table's columns from scenarios' column lists (keys and headers are
//	                 written once, there); here only how each is shown
//	cost.go          'decost cost': the comparison table (CostTable), the AFD row's
//	                 hardware cell
//	counts.go        'decost counts': the record (Counts) and its table
//	models.go        'decost models' (ModelsTable) and 'models show' (ModelShow)
//	hardware.go      'decost hardware' (HardwareTable) and 'hardware show' (HardwareShow)
//	roofline.go      'decost roofline': table, JSON record (Roofline) and roofline plot
//	sparsity.go      'decost sparsity': the network-bound table
//	calibrate.go     'decost calibrate': the profile summary, table and JSON record, the
//	                 list of kernel tables written
//	verify.go        'decost verify': the table of the reference pass's checks (VerifyTable)
//	deploy.go        'decost deploy': plans and stages tables, the JSON contract
//	                 (DeployPlan, DeploySearch), the search space in words and the
//	                 frontier plot
//	anchors.go       'decost anchors': the scorecard table (AnchorsTable) and JSON records
//	                 (Anchor)
//	sweep_table.go   'decost sweep': the results table of each analysis (SweepTable), the
//	                 streamed sweep's frontier or summary (StreamTable); 'decost scenarios'
//	                 (ScenariosTable)
//	sweep_analyses.go the counts, sparsity, roofline and deploy sweep tables
//	sweep_frontier.go a results table's rows as scenarios' where filters and Pareto
//	                 frontiers read them (scenarios/where.go holds the rules), and the
//	                 frontier column
//	sweep_plot.go    a scenario's plots from its results table (SweepPlot)
//	scenario_source.go 'decost sweep NAME --print': a scenario's YAML, as is or as JSON
//	                 (ScenarioSource)
//	progress.go      a sweep's progress line (Progress)
//	units.go         ms, µs and GB
//
// Units are in the column keys and JSON names (_ms, _us, _gb, usd_per_mtok); tables say in
// their captions whether a time is ideal or calibrated.
package report
