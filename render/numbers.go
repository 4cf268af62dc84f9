package render

import (
	"math"
	"strconv"
	"strings"
)

// AppendNumber appends x as CSV and JSON write numbers: unrounded (the fewest digits that
// read back to x exactly) and in encoding/json's notation, so that a number reads the same in
// CSV, in JSON and in every row of a column: plain decimal for 10^-6 ≤ |x| < 10^21, which
// writes every integer count as an integer (37000000000, not 3.7e+10) and every cost as a
// decimal (0.0677064599502152); exponent notation outside that range (6.569e-19 USD per
// FLOP). NaN and infinities, which JSON has not, are written NaN, +Inf, -Inf.
func AppendNumber(b []byte, x float64) []byte {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.AppendFloat(b, x, 'g', -1, 64)
	}
	if a := math.Abs(x); a != 0 && (a < 1e-6 || a >= 1e21) {
		n := len(b)
		b = strconv.AppendFloat(b, x, 'e', -1, 64)
		// 1e-07 → 1e-7, as encoding/json writes it.
		if m := len(b) - n; m >= 4 && b[len(b)-4] == 'e' && b[len(b)-3] == '-' && b[len(b)-2] == '0' {
			b[len(b)-2] = b[len(b)-1]
			b = b[:len(b)-1]
		}
		return b
	}
	return strconv.AppendFloat(b, x, 'f', -1, 64)
}

// Number is AppendNumber as a string.
func Number(x float64) string { return string(AppendNumber(nil, x)) }

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
// significant digits: 2.88e8, 1.47e11, 3.1e-19; zero is 0 (not 0e0).
func Sci(n int) func(v any) string {
	return func(v any) string {
		x, ok := v.(float64)
		if !ok {
			return Exact(v)
		}
		if x == 0 {
			return "0"
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
