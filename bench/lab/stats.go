// This file implements the notebook's reductions: bandwidth per run, medians and quartiles.

package lab

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Record is one value printed by the lab's D script.
type Record struct {
	Timestamp uint64 `json:"timestamp"`
}

// ParseRecords extracts every JSON object from godtrace's output lines, in order. Each line
// may carry DTrace's record prefix (CPU, probe ID, FUNCTION:NAME) before the object, and one
// line may carry several objects when the script prints no newline (as the lab's does under -q).
func ParseRecords(out string) ([]Record, error) {
	var recs []Record
	for _, line := range strings.Split(out, "\n") {
		i := strings.IndexByte(line, '{')
		if i < 0 {
			continue
		}
		dec := json.NewDecoder(strings.NewReader(line[i:]))
		for dec.More() {
			var r Record
			if err := dec.Decode(&r); err != nil {
				return recs, fmt.Errorf("bad record %q: %w", line[i:], err)
			}
			recs = append(recs, r)
		}
	}
	return recs, nil
}

// Bandwidth converts a run's on-CPU time into KiB/s, as the notebook does:
// (TOTAL_SIZE/1024)/(timestamp/1e9).
func Bandwidth(totalSize int64, ns uint64) float64 {
	if ns == 0 {
		return 0
	}
	return float64(totalSize) / 1024 / (float64(ns) / 1e9)
}

// Summary is the median and interquartile range of one buffer size's trials.
type Summary struct {
	BufferSize       int64
	Median, Q25, Q75 float64
	Min, Max         float64
	Trials           int
}

// Quantile returns the q-quantile of xs with linear interpolation between closest ranks
// (pandas' default), so medians and error bars match the notebook's.
func Quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	pos := q * float64(len(s)-1)
	lo := int(pos)
	if lo+1 >= len(s) {
		return s[len(s)-1]
	}
	frac := pos - float64(lo)
	return s[lo] + frac*(s[lo+1]-s[lo])
}

// Summarize reduces one buffer size's bandwidths.
func Summarize(bufsize int64, bw []float64) Summary {
	s := Summary{BufferSize: bufsize, Trials: len(bw),
		Median: Quantile(bw, 0.5), Q25: Quantile(bw, 0.25), Q75: Quantile(bw, 0.75),
		Min: Quantile(bw, 0), Max: Quantile(bw, 1)}
	return s
}
