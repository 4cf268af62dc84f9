package cost

import (
	"strings"
	"testing"
)

func TestParseExpertHistogram(t *testing.T) {
	im, err := ParseExpertHistogram([]byte("# tokens per expert\n10, 20 30\n\n40 # hot\n"), "h.txt")
	if err != nil {
		t.Fatal(err)
	}
	if im.Kind != ImbalanceHistogram || len(im.ExpertTokens) != 4 || im.ExpertTokens[0] != 10 || im.ExpertTokens[3] != 40 {
		t.Errorf("got %+v, want 4 experts 10…40", im)
	}
	for _, tc := range []struct{ in, want string }{
		{"1\n2\nx\n", `h.txt:3: expert 2: "x" is not a token count`},
		{"1 -2", `h.txt:1: expert 1: "-2" is not a token count`},
		{"NaN", `"NaN" is not a token count`},
		{"# nothing\n", "h.txt: imbalance: the expert histogram is empty"},
		{"0 0", "h.txt: imbalance: the expert histogram has no tokens"},
	} {
		if _, err := ParseExpertHistogram([]byte(tc.in), "h.txt"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %s", tc.in, err, tc.want)
		}
	}
}
