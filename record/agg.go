// This file implements the aggregating functions and the bucket layouts of
// quantize(), lquantize() and llquantize(), after the kernel's
// dtrace_aggregate_*quantize: the compiler emits the bucket computation, the
// runtime reads the buckets back and prints them.

package record

import (
	"math"
	"math/bits"
)

// Func is an aggregating function.
type Func uint8

// Aggregating functions.
const (
	FuncCount Func = iota + 1
	FuncSum
	FuncAvg
	FuncMin
	FuncMax
	FuncStddev
	FuncQuantize
	FuncLQuantize
	FuncLLQuantize
)

var funcNames = [...]string{"", "count", "sum", "avg", "min", "max", "stddev", "quantize", "lquantize", "llquantize"}

func (f Func) String() string {
	if int(f) < len(funcNames) {
		return funcNames[f]
	}
	return "func?"
}

// quantize() buckets, as DTrace numbers them (DTRACE_QUANTIZE_*).
const (
	QuantizeBuckets    = 127 // buckets of a quantize() aggregation
	QuantizeZeroBucket = 63  // index of the bucket holding 0
)

// QuantizeBucketValue is the lower bound of bucket i (DTRACE_QUANTIZE_BUCKETVAL):
// ..., -4, -2, -1, 0, 1, 2, 4, ... for i = ..., 60, 61, 62, 63, 64, 65, 66, ...
func QuantizeBucketValue(i int) int64 {
	switch {
	case i < QuantizeZeroBucket:
		return -(int64(1) << (QuantizeZeroBucket - 1 - i))
	case i == QuantizeZeroBucket:
		return 0
	}
	return int64(1) << (i - QuantizeZeroBucket - 1)
}

// QuantizeBucket is the bucket a value falls in: 63 for 0, 63+bits.Len(v) for
// v > 0 (1 -> 64, 2..3 -> 65, 4..7 -> 66), 63-bits.Len(-v) for v < 0 (-1 -> 62,
// -2..-3 -> 61), clamped to 0.
func QuantizeBucket(v int64) int {
	switch {
	case v == 0:
		return QuantizeZeroBucket
	case v > 0:
		return QuantizeZeroBucket + bits.Len64(uint64(v))
	}
	b := QuantizeZeroBucket - bits.Len64(uint64(-v))
	if b < 0 {
		b = 0
	}
	return b
}

// LQuantizeLevels is the number of linear levels of lquantize(v, low, high, step).
func LQuantizeLevels(low, high, step int64) int {
	if step <= 0 {
		return 0
	}
	return int((high - low) / step)
}

// LQuantizeBucket is the bucket of v in an lquantize() with levels+2 buckets:
// 0 holds v < low, i+1 holds low+i*step <= v < low+(i+1)*step, levels+1 holds
// v >= low+levels*step.
func LQuantizeBucket(v, low, step int64, levels int) int {
	if v < low || step <= 0 {
		return 0
	}
	i := (v - low) / step
	if i < int64(levels) {
		return int(i) + 1
	}
	return levels + 1
}

// LLQuantizeBucket is the bucket of v in llquantize(v, factor, low, high,
// nsteps) (dtrace_aggregate_llquantize_bucket): 0 holds v < factor^low, then
// each order of magnitude from low to high contributes nsteps - nsteps/factor
// buckets (or factor^(order+1) - factor^order while that is smaller), and the
// last bucket holds v >= factor^(high+1).
func LLQuantizeBucket(v int64, factor, low, high, nsteps int) int {
	if !LLQuantizeValid(factor, low, high, nsteps) {
		return 0
	}
	this := int64(1)
	order := 0
	for ; order < low; order++ {
		this *= int64(factor)
	}
	last := this
	if v < last {
		return 0
	}
	base := 1
	for this *= int64(factor); order <= high; order++ {
		nb := this
		if this > int64(nsteps) {
			nb = int64(nsteps)
		}
		next := this * int64(factor)
		if next < this {
			v = this - 1
		}
		if v < this {
			return base + int((v-last)/(this/nb))
		}
		base += int(nb - nb/int64(factor))
		last = this
		this = next
	}
	return base
}

// llValid is the sanity check dt_print_llquantize makes (the compiler
// rejects other parameters with D_LLQUANT_* errors).
// It also requires what the compiler checks (nsteps a multiple of factor,
// dividing a power of factor) and factor^(high+1) to fit 63 bits, without
// which the bucket walk would not end.
func LLQuantizeValid(factor, low, high, nsteps int) bool {
	if factor < 2 || low < 0 || low >= high || nsteps <= 0 || factor > nsteps || nsteps%factor != 0 {
		return false
	}
	// dt_cc.c: nsteps must also divide the first power of factor >= nsteps.
	p := int64(factor)
	for p < int64(nsteps) {
		p *= int64(factor)
	}
	if p%int64(nsteps) != 0 {
		return false
	}
	v := int64(1)
	for i := 0; i <= high; i++ {
		if v > math.MaxInt64/int64(factor) {
			return false
		}
		v *= int64(factor)
	}
	return true
}

// LLQuantizeBuckets is the number of buckets of an llquantize().
func LLQuantizeBuckets(factor, low, high, nsteps int) int {
	return LLQuantizeBucket(1<<62, factor, low, high, nsteps) + 1
}
