package report

// ms, us and gb convert seconds and bytes to the milliseconds, microseconds and gigabytes
// (10^9 bytes) that tables and JSON records show.
func ms(seconds float64) float64 { return seconds * 1e3 }
func us(seconds float64) float64 { return seconds * 1e6 }
func gb(bytes float64) float64   { return bytes / 1e9 }

func gbPtr(bytes float64) *float64 { v := gb(bytes); return &v }
