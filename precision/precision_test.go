package precision

import "testing"

func TestBytesAndParse(t *testing.T) {
	for _, tc := range []struct {
		in    string
		want  Format
		bytes float64
	}{
		{"fp4", FP4, 0.5},
		{"FP8", FP8, 1},
		{" int8 ", INT8, 1},
		{"fp16", FP16, 2},
		{"BF16", BF16, 2},
		{"fp32", FP32, 4},
	} {
		got, err := Parse(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			continue
		}
		if got.Bytes() != tc.bytes {
			t.Errorf("%v.Bytes() = %v, want %v", got, got.Bytes(), tc.bytes)
		}
	}
	if _, err := Parse("fp7"); err == nil {
		t.Error("Parse(fp7) succeeded")
	}
}
