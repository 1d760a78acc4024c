// This file implements the aggregating functions beyond the linear ones of agg.go —
// stddev() and llquantize() — the bucket search shared by the quantizations whose
// buckets are not powers of two, and the per-CPU aggregation drop counter.
//
// Value layouts (8-byte words), after agg.go's:
//
//	stddev                 [0] count, [1] sum, [2] low and [3] high word of the 128-bit sum
//	                       of squares (format.Data.SumSq; DTrace squares |value|)
//	llquantize             record.LLQuantizeBuckets(factor, low, high, steps) buckets
//
// Every bucket numbering is format's: the compiler computes, from format's own bucket
// function, the smallest value of each bucket (boundsOf) and emits a binary search over
// those bounds, so the kernel and the printer cannot disagree.
//
// An update that finds the aggregation's map full (max_entries from -x aggsize) is lost
// and counted in MapAggDrops, which the session reports as dtrace(1) does:
// "godtrace: 3 aggregation drops on CPU 1".
package compiler

import (
	"math"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/record"
)

// MapAggDrops is an array map of one value holding a uint64 per possible CPU: the
// aggregation updates lost on that CPU because the aggregation's map was full.
const MapAggDrops = "aggdrops"

// aggDropsSpec is MapAggDrops' spec.
func aggDropsSpec() *ebpf.MapSpec {
	ncpu, err := ebpf.PossibleCPU()
	if err != nil || ncpu <= 0 {
		ncpu = 1
	}
	return &ebpf.MapSpec{Name: MapAggDrops, Type: ebpf.Array, KeySize: 4, ValueSize: uint32(8 * ncpu),
		MaxEntries: 1}
}

// aggDrop emits the count of one lost aggregation update on this CPU. It clobbers R0–R2.
func (f *fn) aggDrop() {
	g := f.g
	ncpu, err := ebpf.PossibleCPU()
	if err != nil || ncpu <= 0 {
		ncpu = 1
	}
	skip := g.newLabel("aggdrop_skip")
	g.call(asm.FnGetSmpProcessorId)
	g.emit(asm.JGE.Imm(asm.R0, int32(ncpu), skip), asm.LSh.Imm(asm.R0, 3),
		asm.LoadMapValue(asm.R1, 0, 0).WithReference(MapAggDrops),
		asm.Add.Reg(asm.R1, asm.R0), asm.Mov.Imm(asm.R2, 1),
		asm.StoreXAdd(asm.R1, asm.R2, asm.DWord))
	g.place(skip)
	if _, ok := f.c.res.hashes[MapAggDrops]; !ok {
		f.c.res.hashes[MapAggDrops] = aggDropsSpec()
		f.c.res.order = append(f.c.res.order, MapAggDrops)
	}
}

// xaddAt is an atomic 64-bit add of src to [dst+off].
func xaddAt(dst, src asm.Register, off int16) asm.Instruction {
	ins := asm.StoreXAdd(dst, src, asm.DWord)
	ins.Offset = off
	return ins
}

// stddevAdd adds the value in R1 to the stddev() state at R0: count, sum and the 128-bit
// sum of squares. It uses R1–R5. The value words belong to this CPU (a per-CPU map), so
// only a nested program on this CPU could race; count and sum are added atomically.
func (f *fn) stddevAdd() {
	g := f.g
	pos, nc1, nc2 := g.newLabel("sd_pos"), g.newLabel("sd_nc"), g.newLabel("sd_nc")
	g.emit(asm.Mov.Imm(asm.R2, 1), xaddAt(asm.R0, asm.R2, 0), xaddAt(asm.R0, asm.R1, 8))
	// R1 = |v| (|MinInt64| = 2^63 as unsigned).
	g.emit(asm.JSGE.Imm(asm.R1, 0, pos), asm.Neg.Imm(asm.R1, 0))
	g.place(pos)
	// v = a*2^32 + b; v^2 = a*a*2^64 + a*b*2^33 + b*b.
	g.emit(
		asm.Mov.Reg(asm.R2, asm.R1), asm.RSh.Imm(asm.R2, 32), // a
		asm.Mov.Reg(asm.R3, asm.R1), asm.LSh.Imm(asm.R3, 32), asm.RSh.Imm(asm.R3, 32), // b
		asm.Mov.Reg(asm.R4, asm.R3), asm.Mul.Reg(asm.R4, asm.R3), // b*b
		asm.Mul.Reg(asm.R3, asm.R2), // a*b
		asm.Mul.Reg(asm.R2, asm.R2), // a*a: the high word to add
		// low += b*b, carry into the high word
		asm.LoadMem(asm.R5, asm.R0, 16, asm.DWord), asm.Add.Reg(asm.R5, asm.R4),
		asm.JGE.Reg(asm.R5, asm.R4, nc1), asm.Add.Imm(asm.R2, 1),
	)
	g.place(nc1)
	g.emit(
		// low += a*b << 33, high += a*b >> 31, carry
		asm.Mov.Reg(asm.R4, asm.R3), asm.LSh.Imm(asm.R4, 33), asm.RSh.Imm(asm.R3, 31),
		asm.Add.Reg(asm.R2, asm.R3),
		asm.Add.Reg(asm.R5, asm.R4), asm.JGE.Reg(asm.R5, asm.R4, nc2), asm.Add.Imm(asm.R2, 1),
	)
	g.place(nc2)
	g.emit(asm.StoreMem(asm.R0, 16, asm.R5, asm.DWord),
		asm.LoadMem(asm.R1, asm.R0, 24, asm.DWord), asm.Add.Reg(asm.R1, asm.R2),
		asm.StoreMem(asm.R0, 24, asm.R1, asm.DWord))
}

// boundsOf returns, for a bucket function over int64 that is non-decreasing and numbers
// n buckets from 0, the smallest value of each bucket 1..n-1: bucket(v) is then the
// number of bounds <= v.
func boundsOf(n int, bucket func(int64) int) []int64 {
	out := make([]int64, 0, n-1)
	// Search in the order-preserving unsigned image of int64.
	key := func(u uint64) int64 { return int64(u ^ 1<<63) }
	for i := 1; i < n; i++ {
		lo, hi := uint64(0), uint64(math.MaxUint64)
		if bucket(key(hi)) < i {
			break // no value reaches bucket i
		}
		for lo < hi {
			mid := lo + (hi-lo)/2
			if bucket(key(mid)) >= i {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		out = append(out, key(lo))
	}
	return out
}

// boundsBucket turns the value in R1 into its bucket in R1: the number of bounds (sorted
// ascending) that are <= the value, by binary search. It uses R2.
func (f *fn) boundsBucket(bounds []int64) {
	g := f.g
	done := g.newLabel("bkt_done")
	var search func(lo, hi int) // the bucket is in [lo, hi]
	search = func(lo, hi int) {
		if lo == hi {
			g.emit(asm.Mov.Imm(asm.R1, int32(lo)), asm.Ja.Label(done))
			return
		}
		mid := (lo + hi + 1) / 2 // the bucket is >= mid iff v >= bounds[mid-1]
		upper := g.newLabel("bkt_ge")
		g.loadImm(asm.R2, bounds[mid-1])
		g.emit(asm.JSGE.Reg(asm.R1, asm.R2, upper))
		search(lo, mid-1)
		g.place(upper)
		search(mid, hi)
	}
	search(0, len(bounds))
	g.place(done)
}

// llquantizeBounds are the bucket bounds of llquantize(v, factor, low, high, steps).
func llquantizeBounds(factor, low, high, steps int) []int64 {
	n := record.LLQuantizeBuckets(factor, low, high, steps)
	return boundsOf(n, func(v int64) int { return record.LLQuantizeBucket(v, factor, low, high, steps) })
}

// MapAggGen is an array map of one value holding a uint64 per aggregation, at 8*Agg.ID:
// the aggregation's generation, the way clear() empties min() and max() (whose values
// cannot be taken apart by subtraction, as the additive functions' are by the consumer's
// baselines), as in Oracle's DTrace for Linux: the consumer increments the generation,
// and each CPU's copy of an entry whose generation is older reads as empty and is reset
// by the next update on that CPU before it applies.
const MapAggGen = "agggen"

// aggGenSpec is MapAggGen's spec for n aggregations.
func aggGenSpec(n int) *ebpf.MapSpec {
	return &ebpf.MapSpec{Name: MapAggGen, Type: ebpf.Array, KeySize: 4, ValueSize: uint32(8 * (n + 1)),
		MaxEntries: 1}
}

// aggGen emits, with R0 pointing at this CPU's copy of an entry of aggregation id (vsize
// bytes, the generation in the last word): when the copy's generation is not the
// aggregation's, zero its data and take the current generation. R0 is preserved; R1 and
// R2 are clobbered.
func (f *fn) aggGen(id, vsize int) {
	g := f.g
	cur := g.newLabel("agg_gen_cur")
	genOff := int16(vsize - 8)
	g.emit(asm.LoadMapValue(asm.R1, 0, uint32(8*id)).WithReference(MapAggGen),
		asm.LoadMem(asm.R1, asm.R1, 0, asm.DWord),
		asm.LoadMem(asm.R2, asm.R0, genOff, asm.DWord),
		asm.JEq.Reg(asm.R1, asm.R2, cur),
		asm.StoreMem(asm.R0, genOff, asm.R1, asm.DWord), asm.Mov.Imm(asm.R2, 0))
	for off := 0; off < vsize-8; off += 8 {
		g.emit(asm.StoreMem(asm.R0, int16(off), asm.R2, asm.DWord))
	}
	g.place(cur)
}

// possibleCPUs is the number of possible CPUs (at least 1).
func possibleCPUs() int {
	n, err := ebpf.PossibleCPU()
	if err != nil || n <= 0 {
		return 1
	}
	return n
}

// strKeySlot is the size of the pos-th key of aggregation name when it is a string: the
// longest value any assignment can give it, rounded up to 8 bytes, when every assignment
// gives a value of known bound (a literal, probefunc and the other probe names of the
// clause's probes, execname's 16 bytes), else strsize. A short slot makes the key cheaper
// to clear, hash and compare: @[probefunc] over syscall:::entry hashes 24 bytes, not 256.
func (c *compiler) strKeySlot(name string, pos int) int {
	bound := 0
	for ci, cl := range c.prog.Clauses {
		ast.Inspect(cl.Body, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignExpr)
			if !ok {
				return true
			}
			nm, keys, ok := aggRef(as.LHS)
			if !ok || nm != name || pos >= len(keys) {
				return true
			}
			bound = max(bound, c.strBound(keys[pos], ci))
			return false
		})
	}
	slot := (bound + 7) &^ 7
	if bound <= 0 || slot >= c.strsize {
		return c.strsize
	}
	return slot
}

// strBound is the size (NUL included) of the longest string e can be in clause ci, or
// strsize when unknown.
func (c *compiler) strBound(e ast.Expr, ci int) int {
	switch x := unparen(e).(type) {
	case *ast.StringLit:
		return len(x.Value) + 1
	case *ast.Ident:
		if x.Name == "execname" {
			return 16 // TASK_COMM_LEN
		}
		field := map[string]func(ProbeInfo) string{
			"probeprov": func(p ProbeInfo) string { return p.Provider },
			"probemod":  func(p ProbeInfo) string { return p.Module },
			"probefunc": func(p ProbeInfo) string { return p.Function },
			"probename": func(p ProbeInfo) string { return p.Name },
		}[x.Name]
		if field == nil || ci >= len(c.matches) || len(c.matches[ci]) == 0 {
			break
		}
		n := 0
		for _, p := range c.matches[ci] {
			n = max(n, len(field(p.Info()))+1)
		}
		return n
	}
	return c.strsize
}
