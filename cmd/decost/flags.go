package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/decost/decost/hardware"
	"github.com/decost/decost/model"
	"github.com/decost/decost/render"
	"github.com/spf13/cobra"
)

// Defaults of the report's comparison, the README's main command.
const (
	defaultModels   = "step3,deepseek-v3,qwen3-235b-a22b"
	defaultHardware = "h800,h20,a800,910b"
	defaultContexts = "8192,32768"
)

// splitList splits a comma list, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseModels resolves a --model list ("all" for every built-in model).
func parseModels(s string) ([]*model.Model, error) {
	ids := splitList(s)
	if len(ids) == 0 {
		return nil, fmt.Errorf("--model: no model given")
	}
	if len(ids) == 1 && ids[0] == "all" {
		ids = model.BuiltinIDs()
	}
	var ms []*model.Model
	for _, id := range ids {
		m, err := model.Builtin(id)
		if err != nil {
			return nil, fmt.Errorf("--model: %w", err)
		}
		ms = append(ms, m)
	}
	return ms, nil
}

// catalogueWithPrices returns the built-in catalogue with --price overrides applied.
func catalogueWithPrices(prices []string) (*hardware.Catalogue, error) {
	cat := hardware.Builtin()
	for _, p := range prices {
		id, usd, ok := strings.Cut(p, "=")
		if !ok {
			return nil, fmt.Errorf("--price %q: want ID=USD_PER_HOUR, e.g. h200=3.1", p)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(usd), 64)
		if err != nil {
			return nil, fmt.Errorf("--price %q: %q is not a number of USD per hour", p, usd)
		}
		if err := cat.SetPrice(strings.TrimSpace(id), v); err != nil {
			return nil, fmt.Errorf("--price %q: %w", p, err)
		}
	}
	return cat, nil
}

// parseHardware resolves a --hardware list against cat; "all" means every card with a price
// when priced is set, every card otherwise.
func parseHardware(cat *hardware.Catalogue, s string, priced bool) ([]hardware.Accelerator, error) {
	ids := splitList(s)
	if len(ids) == 0 {
		return nil, fmt.Errorf("--hardware: no card given")
	}
	all := len(ids) == 1 && ids[0] == "all"
	if all {
		ids = cat.IDs()
	}
	var cards []hardware.Accelerator
	for _, id := range ids {
		a, err := cat.Get(id)
		if err != nil {
			return nil, fmt.Errorf("--hardware: %w", err)
		}
		if priced && !a.HasPrice() {
			if all {
				continue
			}
			return nil, fmt.Errorf("--hardware: %s has no price; give one with --price %s=USD_PER_HOUR", id, id)
		}
		cards = append(cards, a)
	}
	return cards, nil
}

// parseContext reads one context length: a positive integer, or with a k/K suffix for
// multiples of 1024 (8k = 8192) or m/M for multiples of 1024² (1m = 1048576).
func parseContext(s string) (int, error) {
	t := strings.TrimSpace(s)
	mult := 1
	switch {
	case strings.HasSuffix(t, "k") || strings.HasSuffix(t, "K"):
		mult, t = 1024, t[:len(t)-1]
	case strings.HasSuffix(t, "m") || strings.HasSuffix(t, "M"):
		mult, t = 1024*1024, t[:len(t)-1]
	}
	n, err := strconv.Atoi(t)
	if err != nil {
		return 0, fmt.Errorf("--context %q: not a number of tokens (e.g. 8192 or 8k)", s)
	}
	if n <= 0 {
		return 0, fmt.Errorf("--context %q: must be a positive number of tokens", s)
	}
	if n > 1<<30/mult {
		return 0, fmt.Errorf("--context %q: more than 2^30 tokens", s)
	}
	return n * mult, nil
}

// parseContexts reads a comma list of context lengths.
func parseContexts(s string) ([]int, error) {
	parts := splitList(s)
	if len(parts) == 0 {
		return nil, fmt.Errorf("--context: no context given")
	}
	var cs []int
	for _, p := range parts {
		c, err := parseContext(p)
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	return cs, nil
}

// formatFlag adds --format to cmd and returns a function that parses it.
func formatFlag(cmd *cobra.Command) func() (render.Format, error) {
	s := cmd.Flags().String("format", "table", "output format: "+render.Formats+" (csv and json carry unrounded numbers)")
	return func() (render.Format, error) {
		f, err := render.ParseFormat(*s)
		if err != nil {
			return "", fmt.Errorf("--format: %w", err)
		}
		return f, nil
	}
}

// countOptionFlags adds --router and --lm-head to cmd.
func countOptionFlags(cmd *cobra.Command) *model.CountOptions {
	var o model.CountOptions
	cmd.Flags().BoolVar(&o.Router, "router", false, "count the MoE router (2·H·experts FLOPs per MoE layer) in the FFN; the report leaves it out")
	cmd.Flags().BoolVar(&o.LMHead, "lm-head", false, "count the LM head (2·H·vocab FLOPs per token) in the FFN; the report leaves it out")
	return &o
}
