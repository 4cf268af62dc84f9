package flagrule

import (
	"fmt"
	"strings"

	"github.com/decost/decost/cost"
	"github.com/decost/decost/precision"
)

// FormatSetting is an older format flag (--weights, --kv, --attention-compute) given with a
// serving precision: the format it sets and the serving op classes (cost.ServingOps) it sets
// it for.
type FormatSetting struct {
	Flag   string
	Format precision.Format
	Ops    []string
}

// RefuseFormatConflicts reports the first op class that an older format flag and the serving
// precision p (from source, e.g. "--serving-precision deepseek") both set, to different
// formats: conflicting inputs are refused, never resolved by precedence. A flag not given
// (Format "") and an op class p leaves to the model's conflict with nothing.
func RefuseFormatConflicts(p cost.ServingPrecision, source string, settings ...FormatSetting) error {
	for _, s := range settings {
		if s.Format == "" {
			continue
		}
		for _, op := range s.Ops {
			if f := p.Format(op); f != "" && f != s.Format {
				return fmt.Errorf("%s %s and %s (%s %s) set the %s format differently: give one",
					s.Flag, s.Format, source, op, f, strings.ReplaceAll(op, "-", " "))
			}
		}
	}
	return nil
}
