// This file implements aggregations: @name[keys] = func(args). Each keyed aggregation is
// a per-CPU hash map keyed by the packed key tuple whose value is the function's state,
// updated in place; an unkeyed one is an array value with a slot per CPU (Agg.Direct).
// User space merges the CPUs' copies (runtime/format's Data.Merge) and prints them. Value layouts (8-byte words):
//
//	count, sum             [0] the value
//	min, max               [0] the value, [1] 1 once this CPU has a value (a per-CPU hash
//	                       entry starts zeroed on the CPUs that did not insert it), [2] the
//	                       generation the value belongs to (clear(): aggfunc.go's aggGen)
//	avg                    [0] count, [1] sum
//	quantize               127 buckets (record.QuantizeBucket)
//	lquantize              levels+2 buckets (record.LQuantizeBucket)
//	llquantize, stddev     see aggfunc.go
//
// A new entry is inserted from an all-zero value (the "zeros" map), then updated in place.
package compiler

import (
	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/types"
	"github.com/godtrace/godtrace/record"
)

// MapZeros is an array map whose single value is all zeros, the initial value of new
// aggregation entries.
const MapZeros = "zeros"

// Agg describes an aggregation for the consumer.
type Agg struct {
	ID     int
	Name   string // without '@'; "" for @
	Func   record.Func
	Keys   []*Arg // key layout (Offset within the key)
	KSize  int
	VSize  int
	Map    string // reference name of its map
	Low    int64  // lquantize
	High   int64
	Step   int64
	Levels int
	// llquantize(value, Factor, LLLow, LLHigh, Steps): its bucket bounds (aggfunc.go).
	Factor, LLLow, LLHigh, Steps int
	bounds                       []int64
	// Direct is an unkeyed aggregation: an array map of one value holding a Stride-byte
	// slot per possible CPU (the function's VSize bytes, then a word set to 1 once the CPU
	// has updated it, padded to a cache line), reached through a direct pointer (no
	// lookup, no insert) at CPU × Stride.
	Direct bool
	Stride int
}

// aggEntries is the number of entries of an aggregation's map without -x aggsize.
const aggEntries = 16384

// maxAggEntries bounds what -x aggsize can ask for.
const maxAggEntries = 1 << 20

// aggMaxEntries is the number of entries of an aggregation's map: -x aggsize bytes
// (DTrace's per-CPU aggregation buffer) over the size of one entry, else aggEntries.
func (c *compiler) aggMaxEntries(a *Agg) uint32 {
	if c.conf.AggSize <= 0 {
		return aggEntries
	}
	n := c.conf.AggSize / int64(a.KSize+a.VSize)
	return uint32(min(max(n, 1), maxAggEntries))
}

// aggs runs the aggregation pass: every aggregation the checker found (Info.Aggs), laid
// out at its first assignment in source order, whose keys give the key layout.
func (c *compiler) aggs() {
	c.aggByName = map[string]*Agg{}
	for _, cl := range c.prog.Clauses {
		ast.Inspect(cl.Body, func(n ast.Node) bool {
			as, ok := n.(*ast.AssignExpr)
			if !ok || c.info.Aggs[as.LHS] == nil {
				return true
			}
			if ta := c.info.Aggs[as.LHS]; c.aggByName[ta.Name] == nil {
				_, keys, _ := aggRef(as.LHS)
				c.newAgg(ta, keys)
			}
			return false
		})
	}
}

// newAgg lays out the checker's aggregation ta, keyed by keys, and declares its map.
func (c *compiler) newAgg(ta *types.Agg, keys []ast.Expr) {
	name := ta.Name
	a := &Agg{ID: len(c.aggList) + 1, Name: name, Map: "agg_" + name}
	if name == "" {
		a.Map = "agg__"
	}
	q := ta.LQuant // the checker's constant parameters of lquantize and llquantize
	switch ta.Func.Name {
	case "count":
		a.Func, a.VSize = record.FuncCount, 8
	case "sum":
		a.Func, a.VSize = record.FuncSum, 8
	case "min":
		a.Func, a.VSize = record.FuncMin, 24
	case "max":
		a.Func, a.VSize = record.FuncMax, 24
	case "avg":
		a.Func, a.VSize = record.FuncAvg, 16
	case "quantize":
		a.Func, a.VSize = record.FuncQuantize, 8*record.QuantizeBuckets
	case "stddev":
		// count, sum, and the 128-bit sum of squares (aggfunc.go)
		a.Func, a.VSize = record.FuncStddev, 32
	case "llquantize":
		a.Func = record.FuncLLQuantize
		a.Factor, a.LLLow, a.LLHigh, a.Steps = int(q[0]), int(q[1]), int(q[2]), int(q[3])
		a.bounds = llquantizeBounds(a.Factor, a.LLLow, a.LLHigh, a.Steps)
		a.VSize = 8 * record.LLQuantizeBuckets(a.Factor, a.LLLow, a.LLHigh, a.Steps)
	case "lquantize":
		a.Func = record.FuncLQuantize
		a.Low, a.High, a.Step = q[0], q[1], q[2]
		a.Levels = record.LQuantizeLevels(a.Low, a.High, a.Step)
		a.VSize = 8 * (a.Levels + 2)
	}
	off := 0
	for _, k := range keys {
		t, err := c.typeOf(k)
		if err != nil {
			c.errorf(k, "%v", err)
			return
		}
		arg := &Arg{Kind: ArgInt, Size: t.size, Signed: t.signed, Type: t.name, Offset: off}
		switch {
		case t.isString():
			arg.Kind, arg.Size = ArgString, c.strsize
			arg.Slot = c.strKeySlot(name, len(a.Keys))
			off += arg.Slot
		case t.kind == kSym, t.kind == kUSym:
			arg.Kind, arg.Size, arg.Type = ArgSym, t.size, t.name
			if t.kind == kUSym {
				arg.Kind = ArgUSym
			}
			off += t.size
			c.usesSymbols = true
		case t.kind == kStack, t.kind == kUStack:
			arg.Kind = ArgStack
			if t.kind == kUStack {
				arg.Kind = ArgUStack
			}
			off += t.size
			c.usesSymbols = true
		default:
			off += 8
		}
		a.Keys = append(a.Keys, arg)
	}
	a.KSize = max(off, 8)
	a.Direct = len(keys) == 0
	a.Stride = (a.VSize + 8 + 63) &^ 63
	c.aggByName[name] = a
	c.aggList = append(c.aggList, a)
	if a.Func == record.FuncMin || a.Func == record.FuncMax {
		c.usesAggGen = true
	}
	flags := uint32(0)
	if a.VSize > 64 {
		flags = 1 // BPF_F_NO_PREALLOC: quantizations allocate on demand
	}
	c.res.hashes[a.Map] = &ebpf.MapSpec{Name: mapName(a.Map), Type: ebpf.PerCPUHash,
		KeySize: uint32(a.KSize), ValueSize: uint32(a.VSize), MaxEntries: c.aggMaxEntries(a), Flags: flags}
	if a.Direct {
		c.res.hashes[a.Map] = &ebpf.MapSpec{Name: mapName(a.Map), Type: ebpf.Array,
			KeySize: 4, ValueSize: uint32(possibleCPUs() * a.Stride), MaxEntries: 1}
	}
	c.res.order = append(c.res.order, a.Map)
	if a.VSize > c.res.zerosSize {
		c.res.zerosSize = a.VSize
	}
}

// aggRef recognises @name and @name[keys].
func aggRef(e ast.Expr) (string, []ast.Expr, bool) {
	switch x := unparen(e).(type) {
	case *ast.Aggregation:
		return x.Name, nil, true
	case *ast.IndexExpr:
		if a, ok := x.X.(*ast.Aggregation); ok {
			return a.Name, x.Index, true
		}
	}
	return "", nil, false
}

// aggregate generates @name[keys] = func(args).
func (f *fn) aggregate(x *ast.AssignExpr) error {
	g := f.g
	name, keys, _ := aggRef(x.LHS)
	a := f.c.aggByName[name]
	call := unparen(x.RHS).(*ast.CallExpr)
	// The value and the increment, into temporaries.
	var val, incr value
	var err error
	hasVal := a.Func != record.FuncCount
	if hasVal {
		if val, err = f.intExpr(call.Args[0]); err != nil {
			return err
		}
		defer f.free(val)
	}
	incrArg := -1
	switch a.Func {
	case record.FuncQuantize:
		incrArg = 1
	case record.FuncLQuantize:
		incrArg = 4
	case record.FuncLLQuantize:
		incrArg = 5
	}
	hasIncr := incrArg >= 0 && len(call.Args) > incrArg
	if hasIncr {
		if incr, err = f.intExpr(call.Args[incrArg]); err != nil {
			return err
		}
		defer f.free(incr)
	}
	have, done := g.newLabel("agg_have"), g.newLabel("agg_done")
	if a.Direct {
		// This CPU's slot of the one array value; mark it updated.
		g.call(asm.FnGetSmpProcessorId)
		g.emit(asm.JGE.Imm(asm.R0, int32(possibleCPUs()), done), asm.Mul.Imm(asm.R0, int32(a.Stride)),
			asm.LoadMapValue(asm.R1, 0, 0).WithReference(a.Map), asm.Add.Reg(asm.R0, asm.R1),
			asm.StoreImm(asm.R0, int16(a.VSize), 1, asm.Word))
	} else if err := f.aggLookup(x, a, keys, have, done); err != nil {
		return err
	}
	g.place(have)
	// R0 points at this CPU's value.
	loadVal := func(dst asm.Register) {
		r := g.use(val.tmp, dst)
		if r != dst {
			g.emit(asm.Mov.Reg(dst, r))
		}
	}
	loadIncr := func(dst asm.Register) {
		if !hasIncr {
			g.emit(asm.Mov.Imm(dst, 1))
			return
		}
		r := g.use(incr.tmp, dst)
		if r != dst {
			g.emit(asm.Mov.Reg(dst, r))
		}
	}
	switch a.Func {
	case record.FuncCount:
		g.emit(asm.Mov.Imm(asm.R1, 1), asm.StoreXAdd(asm.R0, asm.R1, asm.DWord))
	case record.FuncSum:
		loadVal(asm.R1)
		g.emit(asm.StoreXAdd(asm.R0, asm.R1, asm.DWord))
	case record.FuncMin, record.FuncMax:
		f.aggGen(a.ID, a.VSize) // a copy from before the last clear() restarts empty
		loadVal(asm.R1)
		j := asm.JSGE
		if a.Func == record.FuncMax {
			j = asm.JSLE
		}
		set := g.newLabel("agg_set")
		g.emit(asm.LoadMem(asm.R2, asm.R0, 8, asm.DWord), asm.JEq.Imm(asm.R2, 0, set),
			asm.LoadMem(asm.R2, asm.R0, 0, asm.DWord), j.Reg(asm.R1, asm.R2, done))
		g.place(set)
		g.emit(asm.StoreMem(asm.R0, 0, asm.R1, asm.DWord), asm.StoreImm(asm.R0, 8, 1, asm.Word))
	case record.FuncAvg:
		loadVal(asm.R1)
		g.emit(asm.Mov.Imm(asm.R2, 1), asm.StoreXAdd(asm.R0, asm.R2, asm.DWord))
		g.emit(asm.Add.Imm(asm.R0, 8), asm.StoreXAdd(asm.R0, asm.R1, asm.DWord))
	case record.FuncQuantize:
		loadVal(asm.R1)
		f.quantizeBucket()
		f.addBucket(record.QuantizeBuckets, loadIncr, done)
	case record.FuncLQuantize:
		loadVal(asm.R1)
		f.lquantizeBucket(a)
		f.addBucket(a.Levels+2, loadIncr, done)
	case record.FuncLLQuantize:
		loadVal(asm.R1)
		f.boundsBucket(a.bounds)
		f.addBucket(a.VSize/8, loadIncr, done)
	case record.FuncStddev:
		loadVal(asm.R1)
		f.stddevAdd()
	}
	g.place(done)
	return nil
}

func keyTypes(a *Agg) []dtype {
	out := make([]dtype, len(a.Keys))
	for i, k := range a.Keys {
		switch k.Kind {
		case ArgString:
			out[i] = dtype{kind: kString, size: k.Size, name: "string", slot: k.Slot}
		case ArgStack:
			out[i] = dtype{kind: kStack, size: k.Size, name: "stack"}
		case ArgUStack:
			out[i] = dtype{kind: kUStack, size: k.Size, name: "stack"}
		case ArgSym:
			out[i] = dtype{kind: kSym, size: k.Size, name: k.Type}
		case ArgUSym:
			out[i] = dtype{kind: kUSym, size: k.Size, name: k.Type}
		default:
			out[i] = dtype{kind: kInt, size: k.Size, signed: k.Signed, name: k.Type}
		}
	}
	return out
}

// quantizeBucket turns the value in R1 into its quantize() bucket in R1 (format's
// QuantizeBucket): 63 for 0, 63+bitlen(v) for v > 0, max(0, 63-bitlen(-v)) for v < 0.
// It uses R2–R4.
func (f *fn) quantizeBucket() {
	g := f.g
	neg, pos, done := g.newLabel("q_neg"), g.newLabel("q_pos"), g.newLabel("q_done")
	g.emit(asm.Mov.Imm(asm.R4, 1)) // sign: 1 for v > 0, -1 for v < 0
	g.emit(asm.JSGT.Imm(asm.R1, 0, pos), asm.JSLT.Imm(asm.R1, 0, neg),
		asm.Mov.Imm(asm.R1, record.QuantizeZeroBucket), asm.Ja.Label(done))
	g.place(neg)
	g.emit(asm.Neg.Imm(asm.R1, 0), asm.Mov.Imm(asm.R4, -1))
	g.place(pos)
	// R3 = bitlen(R1) for R1 != 0 (as unsigned).
	g.emit(asm.Mov.Imm(asm.R3, 0))
	for _, sh := range []int32{32, 16, 8, 4, 2, 1} {
		skip := g.newLabel("q_bit")
		g.emit(asm.Mov.Reg(asm.R2, asm.R1), asm.RSh.Imm(asm.R2, sh), asm.JEq.Imm(asm.R2, 0, skip),
			asm.Mov.Reg(asm.R1, asm.R2), asm.Add.Imm(asm.R3, sh))
		g.place(skip)
	}
	g.emit(asm.Add.Reg(asm.R3, asm.R1)) // R1 is 1 here: bitlen = highest bit + 1
	g.emit(asm.Mul.Reg(asm.R3, asm.R4), asm.Mov.Imm(asm.R1, record.QuantizeZeroBucket), asm.Add.Reg(asm.R1, asm.R3))
	g.emit(asm.JSGE.Imm(asm.R1, 0, done), asm.Mov.Imm(asm.R1, 0))
	g.place(done)
}

// lquantizeBucket turns the value in R1 into its lquantize() bucket in R1 (format's
// LQuantizeBucket). It uses R2.
func (f *fn) lquantizeBucket(a *Agg) {
	g := f.g
	under, over, done := g.newLabel("lq_under"), g.newLabel("lq_over"), g.newLabel("lq_done")
	g.loadImm(asm.R2, a.Low)
	g.emit(asm.JSLT.Reg(asm.R1, asm.R2, under), asm.Sub.Reg(asm.R1, asm.R2))
	g.loadImm(asm.R2, a.Step)
	g.emit(asm.Div.Reg(asm.R1, asm.R2), asm.JGE.Imm(asm.R1, int32(a.Levels), over),
		asm.Add.Imm(asm.R1, 1), asm.Ja.Label(done))
	g.place(under)
	g.emit(asm.Mov.Imm(asm.R1, 0), asm.Ja.Label(done))
	g.place(over)
	g.emit(asm.Mov.Imm(asm.R1, int32(a.Levels+1)))
	g.place(done)
}

// addBucket adds the increment to bucket R1 of the value at R0 (bounds-checked for the
// verifier).
func (f *fn) addBucket(n int, loadIncr func(asm.Register), done string) {
	g := f.g
	g.emit(asm.JGE.Imm(asm.R1, int32(n), done), asm.LSh.Imm(asm.R1, 3), asm.Add.Reg(asm.R0, asm.R1))
	loadIncr(asm.R2)
	g.emit(asm.StoreXAdd(asm.R0, asm.R2, asm.DWord))
}

// aggLookup leaves in R0 this CPU's value of the entry of a keyed aggregation, inserting
// the entry when missing, and jumps to have; when the map is full it counts the drop and
// jumps to done.
func (f *fn) aggLookup(x *ast.AssignExpr, a *Agg, keys []ast.Expr, have, done string) error {
	g := f.g
	key, err := f.packKey(x, "@"+a.Name, keyTypes(a), a.KSize, keys)
	if err != nil {
		return err
	}
	lookup := func() {
		g.emit(asm.LoadMapPtr(asm.R1, 0).WithReference(a.Map))
		f.keyPtr(asm.R2, key)
		g.call(asm.FnMapLookupElem)
	}
	lookup()
	g.emit(asm.JNE.Imm(asm.R0, 0, have))
	// First update of this key on this CPU: insert the initial value, look up again.
	g.emit(asm.LoadMapPtr(asm.R1, 0).WithReference(a.Map))
	f.keyPtr(asm.R2, key)
	g.emit(asm.LoadMapValue(asm.R3, 0, 0).WithReference(MapZeros))
	g.emit(asm.Mov.Imm(asm.R4, 1)) // BPF_NOEXIST: another CPU's insert is fine too
	g.call(asm.FnMapUpdateElem)
	lookup()
	g.emit(asm.JNE.Imm(asm.R0, 0, have))
	// The map is full: the update is lost and counted (aggfunc.go).
	f.aggDrop()
	g.emit(asm.Ja.Label(done))
	return nil
}
