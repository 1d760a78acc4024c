// This file implements the distribution tables of quantize(), lquantize()
// and llquantize(), after libdtrace's dt_print_*quantize (the bucket
// layouts are record's).

package format

import (
	"fmt"
	"strings"

	"github.com/godtrace/godtrace/record"
)

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
	if len(b) != record.QuantizeBuckets {
		nb := make([]int64, record.QuantizeBuckets)
		copy(nb, b)
		b = nb
	}
	first, last := quantRange(b, record.QuantizeZeroBucket-1, record.QuantizeZeroBucket+1)
	total, pos, neg := quantTotals(b, first, last)
	quantHeader(out)
	for i := first; i <= last; i++ {
		fmt.Fprintf(out, "%16d ", record.QuantizeBucketValue(i))
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
	if !record.LLQuantizeValid(factor, low, high, nsteps) {
		return // DTrace: EDT_DMISMATCH
	}
	n := record.LLQuantizeBuckets(factor, low, high, nsteps)
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
