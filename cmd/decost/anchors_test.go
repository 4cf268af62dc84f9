package main

import "testing"

// TestAnchorsGolden: the scorecard through the real CLI, as a table, CSV and JSON.
func TestAnchorsGolden(t *testing.T) {
	checkGoldens(t, []goldenCase{
		{"anchors.txt", []string{"anchors"}},
		{"anchors.csv", []string{"anchors", "--format", "csv"}},
		{"anchors.json", []string{"anchors", "--format", "json"}},
	})
}
