// This file implements the summary statistics the tables print.

package probeeffect

import (
	"sort"
	"time"
)

// Summary is the median, minimum and maximum of a sample.
type Summary struct {
	N                int
	Median, Min, Max float64
}

// Summarize summarizes xs (the median of an even count is the mean of the middle two).
func Summarize(xs []float64) Summary {
	if len(xs) == 0 {
		return Summary{}
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return Summary{N: len(s), Median: m, Min: s[0], Max: s[len(s)-1]}
}

// SummarizeDurations summarizes durations in milliseconds.
func SummarizeDurations(ds []time.Duration) Summary {
	xs := make([]float64, len(ds))
	for i, d := range ds {
		xs[i] = float64(d.Microseconds()) / 1000
	}
	return Summarize(xs)
}
