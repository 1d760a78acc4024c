// This file implements the tests of the summary statistics and of reading the
// start-up probes' output.

package probeeffect

import "testing"

func TestSummarize(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want Summary
	}{
		{[]float64{3, 1, 2}, Summary{N: 3, Median: 2, Min: 1, Max: 3}},
		{[]float64{4, 1, 3, 2}, Summary{N: 4, Median: 2.5, Min: 1, Max: 4}},
		{[]float64{7}, Summary{N: 1, Median: 7, Min: 7, Max: 7}},
		{nil, Summary{}},
	} {
		if got := Summarize(c.in); got != c.want {
			t.Errorf("Summarize(%v) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestFirstSeen(t *testing.T) {
	for _, c := range []struct {
		out  string
		want int
	}{
		{"seen 12\nseen 9\ncalled getppid\nseen 10\n", 9},
		{"armed\n", 0},
		{"seen x\nseen 0\nseen 3 4\n", 0},
		{"  3  1  :getpgid:entry seen 5\n", 0}, // a default probe line is not the script's
	} {
		if got := firstSeen(c.out); got != c.want {
			t.Errorf("firstSeen(%q) = %d, want %d", c.out, got, c.want)
		}
	}
}
