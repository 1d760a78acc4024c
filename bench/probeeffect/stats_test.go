// This file implements the tests of the summary statistics.

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
