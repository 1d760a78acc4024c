// This file implements the tests of the bucket bounds the aggregating functions' generated
// code searches (aggfunc_test.go runs that code in the kernel): they need no kernel and
// run as any user.
package compiler

import (
	"math"
	"math/rand"
	"testing"

	"github.com/godtrace/godtrace/record"
)

// llquantizeCases are the llquantize() parameters the tests use.
var llquantizeCases = []struct{ factor, low, high, steps int }{
	{10, 0, 6, 20}, {10, 0, 0, 10}, {2, 0, 62, 2}, {10, 2, 5, 100}, {4, 1, 10, 16}, {3, 0, 30, 9},
}

// probeValues are values around every bound, the extremes and random ones.
func probeValues(bounds []int64, r *rand.Rand) []int64 {
	vals := []int64{math.MinInt64, math.MinInt64 + 1, -1, 0, 1, math.MaxInt64 - 1, math.MaxInt64}
	for _, b := range bounds {
		vals = append(vals, b-1, b, b+1)
	}
	for i := 0; i < 200; i++ {
		vals = append(vals, r.Int63()>>uint(r.Intn(63)), -r.Int63()>>uint(r.Intn(63)))
	}
	return vals
}

// checkBounds checks that bounds holds one ascending bound per bucket after the first and
// that the number of bounds <= v (what the generated search finds) is bucket(v).
func checkBounds(t *testing.T, what string, bounds []int64, n int, bucket func(int64) int, r *rand.Rand) {
	t.Helper()
	if len(bounds) != n-1 {
		t.Fatalf("%s: %d bounds for %d buckets", what, len(bounds), n)
	}
	for i := 1; i < len(bounds); i++ {
		if bounds[i] <= bounds[i-1] {
			t.Fatalf("%s: bounds %d and %d out of order: %d, %d", what, i-1, i, bounds[i-1], bounds[i])
		}
	}
	for _, v := range probeValues(bounds, r) {
		got := 0
		for _, b := range bounds {
			if b <= v {
				got++
			}
		}
		if want := bucket(v); got != want {
			t.Errorf("%s(%d): %d bounds <= it, want bucket %d", what, v, got, want)
		}
	}
}

func TestLLQuantizeBounds(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for _, c := range llquantizeCases {
		bounds := llquantizeBounds(c.factor, c.low, c.high, c.steps)
		checkBounds(t, "llquantize", bounds, record.LLQuantizeBuckets(c.factor, c.low, c.high, c.steps),
			func(v int64) int { return record.LLQuantizeBucket(v, c.factor, c.low, c.high, c.steps) }, r)
	}
}

// TestQuantizeBounds: the bound search applied to quantize()'s numbering gives its bucket
// values for the zero and positive buckets (a negative bucket's value is its largest
// magnitude, -2 for -2..-3).
func TestQuantizeBounds(t *testing.T) {
	bounds := boundsOf(record.QuantizeBuckets, record.QuantizeBucket)
	checkBounds(t, "quantize", bounds, record.QuantizeBuckets, record.QuantizeBucket, rand.New(rand.NewSource(2)))
	for i := record.QuantizeZeroBucket; i < record.QuantizeBuckets; i++ {
		if b := bounds[i-1]; b != record.QuantizeBucketValue(i) {
			t.Errorf("bound of bucket %d is %d, want %d", i, b, record.QuantizeBucketValue(i))
		}
	}
}
