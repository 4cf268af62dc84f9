package render

import (
	"math"
	"strconv"
	"strings"
)

// Sig returns a Show function that writes floats with n significant digits, in plain
// notation between 0.001 and 10^6 and as 2.88e8 outside.
func Sig(n int) func(v any) string {
	return func(v any) string {
		x, ok := v.(float64)
		if !ok {
			return Exact(v)
		}
		if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
			return strconv.FormatFloat(x, 'g', -1, 64)
		}
		if a := math.Abs(x); a >= 1e-3 && a < 1e6 {
			s := strconv.FormatFloat(x, 'g', n, 64)
			if strings.Contains(s, "e") { // 'g' switched to exponent for e.g. 123456 at n=4
				return strconv.FormatFloat(x, 'f', 0, 64)
			}
			return s
		}
		return Sci(n)(x)
	}
}

// Sci returns a Show function that writes floats in short scientific notation with n
// significant digits: 2.88e8, 1.47e11, 3.1e-19.
func Sci(n int) func(v any) string {
	return func(v any) string {
		x, ok := v.(float64)
		if !ok {
			return Exact(v)
		}
		s := strconv.FormatFloat(x, 'e', n-1, 64)
		mant, exp, found := strings.Cut(s, "e")
		if !found {
			return s
		}
		if strings.Contains(mant, ".") {
			mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
		}
		e, _ := strconv.Atoi(exp)
		return mant + "e" + strconv.Itoa(e)
	}
}

// Billions writes a parameter count in billions with one decimal: 316.3B.
func Billions(v any) string {
	x, ok := v.(float64)
	if !ok {
		return Exact(v)
	}
	if x == 0 {
		return "–"
	}
	return strconv.FormatFloat(x/1e9, 'f', 1, 64) + "B"
}
