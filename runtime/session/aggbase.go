// This file implements the baselines that make clear() exact for the additive
// aggregating functions (count, sum, avg, stddev and the quantizations): the kernel's
// values are running totals, and clear() records, per key, the totals of the snapshot
// the consumer acted on; later snapshots print the difference. Updates made after that
// snapshot are never lost, as they are not in DTrace, whose clear() acts on its own copy
// of the kernel's data. min() and max() cannot be taken apart: clear() starts a new
// generation for them instead (compiler.MapAggGen), and each CPU's copy restarts empty
// at its next update.
package session

import (
	"math/bits"

	"github.com/godtrace/godtrace/record"
	"github.com/godtrace/godtrace/runtime/format"
)

// additive reports whether f's data can be taken apart by subtraction.
func additive(f record.Func) bool { return f != record.FuncMin && f != record.FuncMax }

// cloneData copies d, buckets included.
func cloneData(d format.Data) format.Data {
	if d.Buckets != nil {
		d.Buckets = append([]int64(nil), d.Buckets...)
	}
	return d
}

// subData returns d - base for an additive function f.
func subData(f record.Func, d, base format.Data) format.Data {
	out := cloneData(d)
	switch f {
	case record.FuncCount, record.FuncSum:
		out.Value -= base.Value
	case record.FuncAvg, record.FuncStddev:
		out.Count -= base.Count
		out.Sum -= base.Sum
		var b uint64
		out.SumSq[0], b = bits.Sub64(d.SumSq[0], base.SumSq[0], 0)
		out.SumSq[1], _ = bits.Sub64(d.SumSq[1], base.SumSq[1], b)
	default:
		for i := range out.Buckets {
			if i < len(base.Buckets) {
				out.Buckets[i] -= base.Buckets[i]
			}
		}
	}
	return out
}
