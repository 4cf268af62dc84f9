package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newRooflineCmd is a placeholder until its issue lands.
func newRooflineCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "roofline",
		Short:  "(not built yet)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("roofline: not built yet") },
	}
}
