package main

import (
	"io"
	"os"
	"os/exec"
	"testing"
)

// Whole-process benchmarks (issue 12 item 11): each iteration starts decost afresh — this
// test binary acting as decost, so package initialisation, flag parsing, the analysis and the
// rendering are all paid, as a user running the command pays them. Targets: one deploy answer
// ≤ 10 ms, a full AFD search of ≥ 1,000 plans ≤ 20 ms. Run with
//
//	go test -run '^$' -bench Process ./cmd/decost
//
// (the test binary also links package testing and the tests; 'decost' itself is a little
// smaller). GODEBUG=inittrace=1 decost … shows what each package's initialisation costs.
func benchProcess(b *testing.B, args ...string) {
	b.Helper()
	for b.Loop() {
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = append(os.Environ(), "DECOST_AS_MAIN=1")
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Run(); err != nil {
			b.Fatalf("decost %v: %v", args, err)
		}
	}
}

// BenchmarkProcessVersion is start-up alone: package initialisation and one line out.
func BenchmarkProcessVersion(b *testing.B) { benchProcess(b, "--version") }

// BenchmarkProcessDeployEP is one fixed deploy answer: DeepSeek-V3 on 128 H800s.
func BenchmarkProcessDeployEP(b *testing.B) {
	benchProcess(b, "deploy", "--mode", "ep", "--model", "deepseek-v3", "--hardware", "h800", "--gpus", "128", "--batch", "128", "--context", "4096")
}

// BenchmarkProcessSearchAFD is the default AFD search: Step-3 on H800s, 1,200 plans.
func BenchmarkProcessSearchAFD(b *testing.B) {
	benchProcess(b, "deploy", "--mode", "afd", "--model", "step3", "--context", "4096")
}

// BenchmarkProcessAnchors is the scorecard.
func BenchmarkProcessAnchors(b *testing.B) { benchProcess(b, "anchors") }
