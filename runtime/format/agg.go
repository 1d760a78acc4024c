// This file implements the aggregation snapshot model: the data of the
// aggregating functions (record.Func) as merged from per-CPU BPF maps, and
// the derived values (avg, stddev) computed as libdtrace computes them.

package format

import (
	"math"
	"math/bits"

	"github.com/godtrace/godtrace/record"
)

// Aggregation is the user-space snapshot of one aggregation variable.
//
// The runtime keeps one Aggregation per variable for the whole session and
// refreshes Records from the BPF maps before each print; Normal and Printed
// are consumer state that survive refreshes, as in libdtrace.
type Aggregation struct {
	Name string // without '@'; "" for the anonymous @
	// ID orders aggregations: DTrace's aggregation variable ID, i.e. the order
	// in which the variables first appear in the program. Default output
	// prints aggregations in ID order.
	ID   int
	Func record.Func

	// lquantize(value, Low, High, Step[, incr]).
	Low, High, Step int64
	// llquantize(value, Factor, LLLow, LLHigh, Steps[, incr]).
	Factor, LLLow, LLHigh, Steps int

	Normal  uint64 // normalize() divisor; 0 or 1 means none
	Printed bool   // printa() has printed it: the exit print skips it
	Records []*Record
}

// Record is one key tuple and its merged data.
type Record struct {
	Keys []Value
	Data Data
}

// Data is the merged value of one aggregation entry. Which fields are used
// depends on the function:
//
//	count, sum, min, max  Value (count is unsigned; min starts at MaxInt64, max at MinInt64)
//	avg                   Count, Sum
//	stddev                Count, Sum, SumSq (the 128-bit sum of squares, [0] low word, [1] high)
//	quantize              Buckets: QuantizeBuckets entries, bucket QuantizeBucket(v) += incr
//	lquantize             Buckets: levels+2 entries, bucket LQuantizeBucket(v, ...) += incr
//	llquantize            Buckets: LLQuantizeBuckets(...) entries, bucket LLQuantizeBucket(v, ...) += incr
//
// Per-CPU copies merge with Merge: counts, sums and buckets add; min and max
// take the extreme; avg and stddev add their parts (never per-CPU results).
type Data struct {
	Value   int64
	Count   int64
	Sum     int64
	SumSq   [2]uint64
	Buckets []int64
}

// Merge folds another CPU's copy into d.
func (d *Data) Merge(f record.Func, o *Data) {
	switch f {
	case record.FuncCount, record.FuncSum:
		d.Value += o.Value
	case record.FuncMin:
		if o.Value < d.Value {
			d.Value = o.Value
		}
	case record.FuncMax:
		if o.Value > d.Value {
			d.Value = o.Value
		}
	case record.FuncAvg, record.FuncStddev:
		d.Count += o.Count
		d.Sum += o.Sum
		var c uint64
		d.SumSq[0], c = bits.Add64(d.SumSq[0], o.SumSq[0], 0)
		d.SumSq[1], _ = bits.Add64(d.SumSq[1], o.SumSq[1], c)
	default:
		if len(d.Buckets) < len(o.Buckets) {
			nb := make([]int64, len(o.Buckets))
			copy(nb, d.Buckets)
			d.Buckets = nb
		}
		for i, v := range o.Buckets {
			d.Buckets[i] += v
		}
	}
}

// Add applies one aggregating call in user space (value v, increment incr
// for the quantizations): what the BPF program does per firing. Tests and
// the runtime's fallbacks use it; a fresh Data for min/max must come from
// NewData.
func (a *Aggregation) Add(d *Data, v, incr int64) {
	switch a.Func {
	case record.FuncCount:
		d.Value++
	case record.FuncSum:
		d.Value += v
	case record.FuncMin:
		if v < d.Value {
			d.Value = v
		}
	case record.FuncMax:
		if v > d.Value {
			d.Value = v
		}
	case record.FuncAvg:
		d.Count++
		d.Sum += v
	case record.FuncStddev:
		d.Count++
		d.Sum += v
		hi, lo := mul64(v)
		var c uint64
		d.SumSq[0], c = bits.Add64(d.SumSq[0], lo, 0)
		d.SumSq[1], _ = bits.Add64(d.SumSq[1], hi, c)
	case record.FuncQuantize:
		a.grow(d)
		d.Buckets[record.QuantizeBucket(v)] += incr
	case record.FuncLQuantize:
		a.grow(d)
		d.Buckets[record.LQuantizeBucket(v, a.Low, a.Step, a.levels())] += incr
	case record.FuncLLQuantize:
		a.grow(d)
		d.Buckets[record.LLQuantizeBucket(v, a.Factor, a.LLLow, a.LLHigh, a.Steps)] += incr
	}
}

// mul64 is v*v as 128 bits (DTrace squares the value as a signed 64-bit
// number, so the square is of |v|).
func mul64(v int64) (hi, lo uint64) {
	u := uint64(v)
	if v < 0 {
		u = uint64(-v)
	}
	return bits.Mul64(u, u)
}

// NewData returns the initial data of one entry: MaxInt64 for min, MinInt64
// for max, zero buckets for the quantizations.
func (a *Aggregation) NewData() Data {
	var d Data
	switch a.Func {
	case record.FuncMin:
		d.Value = math.MaxInt64
	case record.FuncMax:
		d.Value = math.MinInt64
	}
	a.grow(&d)
	return d
}

// NBuckets is the number of buckets of a quantizing aggregation, else 0.
func (a *Aggregation) NBuckets() int {
	switch a.Func {
	case record.FuncQuantize:
		return record.QuantizeBuckets
	case record.FuncLQuantize:
		return a.levels() + 2
	case record.FuncLLQuantize:
		return record.LLQuantizeBuckets(a.Factor, a.LLLow, a.LLHigh, a.Steps)
	}
	return 0
}

func (a *Aggregation) grow(d *Data) {
	if n := a.NBuckets(); len(d.Buckets) < n {
		nb := make([]int64, n)
		copy(nb, d.Buckets)
		d.Buckets = nb
	}
}

func (a *Aggregation) levels() int { return record.LQuantizeLevels(a.Low, a.High, a.Step) }

func (a *Aggregation) normal() uint64 {
	if a.Normal == 0 {
		return 1
	}
	return a.Normal
}

// Avg is avg()'s printed value: sum / normal / count, 0 when empty.
func (d *Data) Avg(normal uint64) int64 {
	if d.Count == 0 {
		return 0
	}
	if normal == 0 {
		normal = 1
	}
	return d.Sum / int64(normal) / d.Count
}

// Stddev is dt_stddev: sqrt(avg(x^2) - avg(x)^2) in 128-bit integer
// arithmetic, truncated, 0 when empty.
func (d *Data) Stddev(normal uint64) uint64 {
	if d.Count == 0 {
		return 0
	}
	if normal == 0 {
		normal = 1
	}
	// avg of squares: SumSq / normal / count, 128-bit by 64-bit divisions.
	hi, lo := div128(d.SumSq[1], d.SumSq[0], normal)
	hi, lo = div128(hi, lo, uint64(d.Count))
	avg := d.Sum / int64(normal) / d.Count
	if avg < 0 {
		avg = -avg
	}
	shi, slo := bits.Mul64(uint64(avg), uint64(avg))
	dlo, b := bits.Sub64(lo, slo, 0)
	dhi, _ := bits.Sub64(hi, shi, b)
	return sqrt128(dhi, dlo)
}

func div128(hi, lo, d uint64) (qhi, qlo uint64) {
	qhi = hi / d
	qlo, _ = bits.Div64(hi%d, lo, d)
	return
}

// sqrt128 is the integer square root of a 128-bit number (its result fits
// 64 bits).
func sqrt128(hi, lo uint64) uint64 {
	if hi == 0 {
		r := uint64(math.Sqrt(float64(lo)))
		for r > 0 && (r > lo/r) {
			r--
		}
		for r+1 != 0 && (r+1) <= lo/(r+1) {
			r++
		}
		return r
	}
	// Bitwise method over 64 result bits.
	var r uint64
	for bit := 63; bit >= 0; bit-- {
		c := r | 1<<uint(bit)
		chi, clo := bits.Mul64(c, c)
		if chi < hi || (chi == hi && clo <= lo) {
			r = c
		}
	}
	return r
}
