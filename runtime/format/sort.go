// This file implements the aggregation orderings of libdtrace's
// dt_aggregate.c: by value then key (the default), by key (aggsortkey),
// reversed (aggsortrev), starting from a key position (aggsortkeypos).

package format

import (
	"cmp"
	"encoding/binary"
	"math"
	"sort"

	"github.com/godtrace/godtrace/record"
)

// SortOptions are the aggregation sorting options.
type SortOptions struct {
	Key    bool // aggsortkey: sort by key, then value
	Rev    bool // aggsortrev: reverse the order
	KeyPos int  // aggsortkeypos: first key compared
	Pos    int  // aggsortpos: which aggregation of a multi-aggregation printa() sorts
}

// entry is one record of one aggregation, for sorting.
type entry struct {
	agg *Aggregation
	rec *Record
}

// keyCmp is dt_aggregate_keycmp: fewer keys first, then key by key from
// KeyPos on: integers by size then as unsigned numbers of their size,
// strings and other bytes bytewise over the recorded buffer, stacks as the
// bytes of their PCs, user symbols by (pid, pc). Integer keys of different
// sizes compare by value.
func keyCmp(a, b []Value, keyPos int) int {
	if len(a) != len(b) {
		return cmp.Compare(len(a), len(b))
	}
	n := len(a)
	if keyPos+1 >= n+1 || keyPos < 0 {
		keyPos = 0
	}
	for i := 0; i < n; i++ {
		k := i + keyPos
		if k >= n {
			k -= n
		}
		if c := valueCmp(a[k], b[k]); c != 0 {
			return c
		}
	}
	return 0
}

func valueCmp(a, b Value) int {
	if a.Kind == KindInt && b.Kind == KindInt {
		// Integer keys of different sizes compare by value (illumos'
		// 2012 fix: "the sizes of compatible keys don't affect the sort
		// order"), each read unsigned at its own size.
		return cmp.Compare(a.uint(), b.uint())
	}
	if sa, sb := recordSize(a), recordSize(b); sa != sb {
		return cmp.Compare(sa, sb)
	}
	switch a.Kind {
	case KindInt:
		return cmp.Compare(a.uint(), b.uint())
	case KindSym, KindMod:
		return cmp.Compare(a.Bits, b.Bits)
	case KindUSym, KindUMod:
		if c := cmp.Compare(uint64(a.PID), uint64(b.PID)); c != 0 {
			return c
		}
		return cmp.Compare(a.Bits, b.Bits)
	case KindFloat:
		return cmp.Compare(math.Float64bits(a.Float), math.Float64bits(b.Float))
	}
	ab, bb := recordBytes(a), recordBytes(b)
	for i := 0; i < len(ab) && i < len(bb); i++ {
		if ab[i] != bb[i] {
			return cmp.Compare(int(ab[i]), int(bb[i]))
		}
	}
	return cmp.Compare(len(ab), len(bb))
}

// recordSize is the size DTrace would give the key's record.
func recordSize(v Value) int {
	switch v.Kind {
	case KindInt, KindFloat:
		return v.Size
	case KindSym, KindMod:
		return 8
	case KindUSym, KindUMod:
		return 16
	case KindStack, KindUStack:
		return 8 * len(v.PCs)
	}
	return len(v.Bytes)
}

func recordBytes(v Value) []byte {
	switch v.Kind {
	case KindStack, KindUStack:
		b := make([]byte, 8*len(v.PCs))
		for i, pc := range v.PCs {
			binary.LittleEndian.PutUint64(b[8*i:], pc)
		}
		if v.Kind == KindUStack {
			p := make([]byte, 8)
			binary.LittleEndian.PutUint64(p, uint64(v.PID))
			b = append(p, b...)
		}
		return b
	}
	return v.padded()
}

// valCmp is dt_aggregate_valcmp: counts, sums, minima and maxima by value,
// averages by their integer mean, stddev by its value, quantizations by the
// sum of bucket value times count, then by the weight at zero.
func valCmp(ag *Aggregation, a, b *Data) int {
	switch ag.Func {
	case record.FuncAvg:
		return cmp.Compare(a.Avg(1), b.Avg(1))
	case record.FuncStddev:
		return cmp.Compare(a.Stddev(1), b.Stddev(1))
	case record.FuncQuantize:
		var lt, rt float64
		for i := 0; i < record.QuantizeBuckets; i++ {
			bv := float64(record.QuantizeBucketValue(i))
			lt += bv * float64(bucket(a, i))
			rt += bv * float64(bucket(b, i))
		}
		if c := cmp.Compare(lt, rt); c != 0 {
			return c
		}
		return cmp.Compare(bucket(a, record.QuantizeZeroBucket), bucket(b, record.QuantizeZeroBucket))
	case record.FuncLQuantize:
		if c := cmp.Compare(lquantSum(ag, a), lquantSum(ag, b)); c != 0 {
			return c
		}
		return cmp.Compare(lquantZero(ag, a), lquantZero(ag, b))
	case record.FuncLLQuantize:
		if c := cmp.Compare(llquantSum(ag, a), llquantSum(ag, b)); c != 0 {
			return c
		}
		return cmp.Compare(bucket(a, 0), bucket(b, 0))
	}
	return cmp.Compare(a.Value, b.Value)
}

func bucket(d *Data, i int) int64 {
	if i < len(d.Buckets) {
		return d.Buckets[i]
	}
	return 0
}

func lquantSum(ag *Aggregation, d *Data) float64 {
	base := int32(ag.Low)
	step := int32(ag.Step)
	levels := ag.levels()
	total := float64(bucket(d, 0)) * float64(base-1)
	for i := 0; i < levels; i++ {
		total += float64(bucket(d, i+1)) * float64(base)
		base += step
	}
	return total + float64(bucket(d, levels+1))*float64(base+1)
}

func lquantZero(ag *Aggregation, d *Data) int64 {
	base := int32(ag.Low)
	step := int32(ag.Step)
	levels := ag.levels()
	if base-1 == 0 {
		return bucket(d, 0)
	}
	for i := 0; i < levels; i++ {
		if base == 0 {
			return bucket(d, i+1)
		}
		base += step
	}
	if base+1 == 0 {
		return bucket(d, levels+1)
	}
	return 0
}

func llquantSum(ag *Aggregation, d *Data) float64 {
	if !record.LLQuantizeValid(ag.Factor, ag.LLLow, ag.LLHigh, ag.Steps) {
		return 0
	}
	factor, nsteps := int64(ag.Factor), int64(ag.Steps)
	value := int64(1)
	order := 0
	for ; order < ag.LLLow; order++ {
		value *= factor
	}
	bin := 0
	total := float64(bucket(d, bin)) * float64(value-1)
	bin++
	next := value * factor
	step := int64(1)
	if next > nsteps {
		step = next / nsteps
	}
	for order <= ag.LLHigh {
		total += float64(bucket(d, bin)) * float64(value)
		bin++
		if value += step; value != next {
			continue
		}
		next = value * factor
		step = 1
		if next > nsteps {
			step = next / nsteps
		}
		order++
	}
	return total + float64(bucket(d, bin))*float64(value)
}

// sortEntries orders entries of possibly several aggregations as
// dt_aggregate_qsort does with the options: by aggregation ID, then value
// then key (or key then nothing with aggsortkey), everything reversed with
// aggsortrev.
func sortEntries(es []entry, o SortOptions) {
	sort.SliceStable(es, func(i, j int) bool {
		c := cmp.Compare(es[i].agg.ID, es[j].agg.ID)
		if c == 0 {
			if o.Key {
				c = keyCmp(es[i].rec.Keys, es[j].rec.Keys, o.KeyPos)
			} else {
				c = valCmp(es[i].agg, &es[i].rec.Data, &es[j].rec.Data)
				if c == 0 {
					c = keyCmp(es[i].rec.Keys, es[j].rec.Keys, o.KeyPos)
				}
			}
		}
		if o.Rev {
			c = -c
		}
		return c < 0
	})
}
