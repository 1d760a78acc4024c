// This file implements the quantize(), lquantize() and llquantize() bucket
// layouts and their distribution tables, after the kernel's
// dtrace_aggregate_*quantize and libdtrace's dt_print_*quantize.

package format

import (
	"fmt"
	"math"
	"math/bits"
	"strings"
)

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
	if !llValid(factor, low, high, nsteps) {
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
func llValid(factor, low, high, nsteps int) bool {
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

const (
	distHeader = "------------- Distribution -------------"
	ats        = "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@"
	spaces     = "                                        "
)

// quantTotals scans buckets[first..last] as dt_print_*quantize do.
func quantTotals(b []int64, first, last int) (total float64, pos, neg bool) {
	for i := first; i <= last; i++ {
		pos = pos || b[i] > 0
		neg = neg || b[i] < 0
		if b[i] < 0 {
			total += float64(-b[i])
		} else {
			total += float64(b[i])
		}
	}
	return
}

// quantRange finds the first and last bucket to print: one zero bucket on
// each side of the non-zero ones, or (lo, hi) when all are zero.
func quantRange(b []int64, lo, hi int) (int, int) {
	n := len(b)
	first := 0
	for first < n-1 && b[first] == 0 {
		first++
	}
	if b[first] == 0 {
		return lo, hi
	}
	if first > 0 {
		first--
	}
	last := n - 1
	for last > 0 && b[last] == 0 {
		last--
	}
	if last < n-1 {
		last++
	}
	return first, last
}

// quantLine is dt_print_quantline: the bar and the count.
func quantLine(out *strings.Builder, val int64, normal uint64, total float64, pos, neg bool) {
	const width = 40
	count := int64(uint64(val) / normal) // C: (long long)val / normal, an unsigned division
	abs := float64(val)
	if abs < 0 {
		abs = -abs
	}
	if !neg {
		depth := 0
		if pos {
			depth = int(abs*width/total + 0.5)
		}
		fmt.Fprintf(out, "|%s%s %-9d\n", ats[width-depth:], spaces[depth:], count)
		return
	}
	if !pos {
		depth := int(abs*width/total + 0.5)
		fmt.Fprintf(out, "%s%s| %-9d\n", spaces[depth:], ats[width-depth:], count)
		return
	}
	const half = width / 2
	depth := int(abs*half/total + 0.5)
	if val <= 0 {
		fmt.Fprintf(out, "%s%s|%*s %-9d\n", spaces[half+depth:], ats[width-depth:], half, "", count)
	} else {
		fmt.Fprintf(out, "%20s|%s%s %-9d\n", "", ats[width-depth:], spaces[half+depth:], count)
	}
}

func quantHeader(out *strings.Builder) {
	fmt.Fprintf(out, "\n%16s %41s %-9s\n", "value", distHeader, "count")
}

// printQuantize is dt_print_quantize.
func printQuantize(out *strings.Builder, b []int64, normal uint64) {
	if len(b) != QuantizeBuckets {
		nb := make([]int64, QuantizeBuckets)
		copy(nb, b)
		b = nb
	}
	first, last := quantRange(b, QuantizeZeroBucket-1, QuantizeZeroBucket+1)
	total, pos, neg := quantTotals(b, first, last)
	quantHeader(out)
	for i := first; i <= last; i++ {
		fmt.Fprintf(out, "%16d ", QuantizeBucketValue(i))
		quantLine(out, b[i], normal, total, pos, neg)
	}
}

// printLQuantize is dt_print_lquantize; b has levels+2 buckets.
func printLQuantize(out *strings.Builder, b []int64, base, step int64, levels int, normal uint64) {
	if len(b) != levels+2 {
		nb := make([]int64, levels+2)
		copy(nb, b)
		b = nb
	}
	first, last := quantRange(b, 0, 2)
	if last > levels+1 {
		last = levels + 1
	}
	total, pos, neg := quantTotals(b, first, last)
	quantHeader(out)
	for i := first; i <= last; i++ {
		switch {
		case i == 0:
			fmt.Fprintf(out, "%16s ", fmt.Sprintf("< %d", int32(base)))
		case i == levels+1:
			fmt.Fprintf(out, "%16s ", fmt.Sprintf(">= %d", int32(base+int64(levels)*step)))
		default:
			fmt.Fprintf(out, "%16d ", int32(base+int64(i-1)*step))
		}
		quantLine(out, b[i], normal, total, pos, neg)
	}
}

// printLLQuantize is dt_print_llquantize.
func printLLQuantize(out *strings.Builder, b []int64, factor, low, high, nsteps int, normal uint64) {
	if !llValid(factor, low, high, nsteps) {
		return // DTrace: EDT_DMISMATCH
	}
	n := LLQuantizeBuckets(factor, low, high, nsteps)
	if len(b) != n {
		nb := make([]int64, n)
		copy(nb, b)
		b = nb
	}
	first, last := quantRange(b, 0, 1)
	total, pos, neg := quantTotals(b, first, last)
	quantHeader(out)
	value := int64(1)
	order := 0
	for ; order < low; order++ {
		value *= int64(factor)
	}
	next := value * int64(factor)
	stepOf := func(next int64) int64 {
		if next > int64(nsteps) {
			return next / int64(nsteps)
		}
		return 1
	}
	step := stepOf(next)
	if first == 0 {
		fmt.Fprintf(out, "%16s ", fmt.Sprintf("< %d", value))
		quantLine(out, b[0], normal, total, pos, neg)
	}
	bin := 1
	for order <= high {
		if bin >= first && bin <= last {
			fmt.Fprintf(out, "%16d ", value)
			quantLine(out, b[bin], normal, total, pos, neg)
		}
		bin++
		if value += step; value != next {
			continue
		}
		next = value * int64(factor)
		step = stepOf(next)
		order++
	}
	if last < bin {
		return
	}
	fmt.Fprintf(out, "%16s ", fmt.Sprintf(">= %d", value))
	quantLine(out, b[bin], normal, total, pos, neg)
}
