// This file implements the value range of each bucket of a distribution, for structured
// output (the text tables print only the lower bound).

package format

import (
	"math"

	"github.com/godtrace/godtrace/record"
)

// Bucket is one bucket of a quantize(), lquantize() or llquantize() aggregation: the
// values from Low to High (inclusive) and how many fell there.
type Bucket struct {
	Low, High int64
	Count     int64
}

// Buckets lists d's non-zero buckets for a's function, lowest first, with their ranges;
// the counts are normalized as the tables print them.
func (a *Aggregation) Buckets(d *Data) []Bucket {
	lows := a.bucketLows()
	var out []Bucket
	for i, n := range d.Buckets {
		if n == 0 || i >= len(lows) {
			continue
		}
		high := int64(math.MaxInt64)
		if i+1 < len(lows) {
			high = lows[i+1] - 1
		}
		out = append(out, Bucket{Low: lows[i], High: high, Count: int64(uint64(n) / a.normal())})
	}
	return out
}

// bucketLows is the lower bound of every bucket.
func (a *Aggregation) bucketLows() []int64 {
	var lows []int64
	switch a.Func {
	case record.FuncQuantize:
		for i := 0; i < record.QuantizeBuckets; i++ {
			lows = append(lows, record.QuantizeBucketValue(i))
		}
		// Bucket 0 holds everything below its neighbour's bound.
		lows[0] = math.MinInt64
	case record.FuncLQuantize:
		levels := a.levels()
		lows = append(lows, math.MinInt64)
		for i := 0; i <= levels; i++ {
			lows = append(lows, a.Low+int64(i)*a.Step)
		}
	case record.FuncLLQuantize:
		if !record.LLQuantizeValid(a.Factor, a.LLLow, a.LLHigh, a.Steps) {
			return nil
		}
		lows = append(lows, math.MinInt64)
		value := int64(1)
		order := 0
		for ; order < a.LLLow; order++ {
			value *= int64(a.Factor)
		}
		next := value * int64(a.Factor)
		stepOf := func(next int64) int64 {
			if next > int64(a.Steps) {
				return next / int64(a.Steps)
			}
			return 1
		}
		step := stepOf(next)
		for order <= a.LLHigh {
			lows = append(lows, value)
			if value += step; value != next {
				continue
			}
			next = value * int64(a.Factor)
			step = stepOf(next)
			order++
		}
		lows = append(lows, value)
	}
	return lows
}

// Scalar is the value of a count(), sum(), min(), max(), avg() or stddev() entry as the
// tables print it (normalized).
func (a *Aggregation) Scalar(d *Data) int64 {
	switch a.Func {
	case record.FuncAvg:
		return d.Avg(a.normal())
	case record.FuncStddev:
		return int64(d.Stddev(a.normal()))
	}
	return int64(uint64(d.Value) / a.normal())
}

// Sorted is a's records in the order the tables print them.
func (a *Aggregation) Sorted(o SortOptions) []*Record {
	es := make([]entry, len(a.Records))
	for i, r := range a.Records {
		es[i] = entry{a, r}
	}
	sortEntries(es, o)
	out := make([]*Record, len(es))
	for i, e := range es {
		out[i] = e.rec
	}
	return out
}
