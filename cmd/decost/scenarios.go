package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newScenariosCmd is a placeholder until its issue lands.
func newScenariosCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "scenarios",
		Short:  "(not built yet)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("scenarios: not built yet") },
	}
}
