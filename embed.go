// Package decost holds the data decost ships inside its binary from the repository's
// testdata: the published decode measurements that 'decost anchors' scores the deployment
// model against (package anchors reads them).
package decost

import "embed"

// AnchorFiles holds testdata/anchors/*.yaml, one published decode measurement per file.
//
//go:embed testdata/anchors/*.yaml
var AnchorFiles embed.FS

// AnchorDir is the directory of AnchorFiles.
const AnchorDir = "testdata/anchors"
