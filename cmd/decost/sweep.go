package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newSweepCmd is a placeholder until its issue lands.
func newSweepCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "sweep",
		Short:  "(not built yet)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("sweep: not built yet") },
	}
}
