package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newSparsityCmd is a placeholder until its issue lands.
func newSparsityCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "sparsity",
		Short:  "(not built yet)",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errors.New("sparsity: not built yet") },
	}
}
