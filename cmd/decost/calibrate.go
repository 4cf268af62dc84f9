package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newCalibrateCmd is a placeholder until its issue lands.
func newCalibrateCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "calibrate",
		Short:  "(not built yet)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("calibrate: not built yet") },
	}
}
