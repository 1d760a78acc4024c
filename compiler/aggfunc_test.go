// This file implements the kernel tests of the aggregating functions' generated code:
// the bucket searches and stddev()'s 128-bit sum of squares run in real BPF programs
// (BPF_PROG_TEST_RUN of a raw tracepoint program) and must agree with runtime/format,
// whose numbering and arithmetic the printer uses. Loading needs root: these tests skip,
// saying so, without it. aggbounds_test.go checks the bucket bounds the code searches, as
// any user.
package compiler

import (
	"encoding/binary"
	"math"
	"math/rand"
	"testing"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/internal/testroot"
	"github.com/godtrace/godtrace/record"
	"github.com/godtrace/godtrace/runtime/format"
)

func needRoot(t *testing.T) {
	t.Helper()
	testroot.Require(t, "loading eBPF programs")
}

// loadTest loads a raw tracepoint program whose body body emits, with R1 = the first
// context word on entry to the body and R0 returned.
func loadTest(t *testing.T, maps map[string]*ebpf.Map, body func(f *fn)) *ebpf.Program {
	t.Helper()
	f := &fn{c: &compiler{res: newResources()}, g: newGen()}
	f.g.emit(asm.LoadMem(asm.R1, asm.R1, 0, asm.DWord))
	body(f)
	f.g.emit(asm.Return())
	insns := f.g.finish()
	for i := range insns {
		if ref := insns[i].Reference(); ref != "" && insns[i].IsLoadFromMap() {
			if err := insns[i].AssociateMap(maps[ref]); err != nil {
				t.Fatal(err)
			}
		}
	}
	p, err := ebpf.NewProgram(&ebpf.ProgramSpec{Type: ebpf.RawTracepoint, Instructions: insns, License: "GPL"})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func run(t *testing.T, p *ebpf.Program, v int64) uint32 {
	t.Helper()
	ret, err := p.Run(&ebpf.RunOptions{Context: []uint64{uint64(v), 0}})
	if err != nil {
		t.Fatal(err)
	}
	return ret
}

func TestLLQuantizeBucketCode(t *testing.T) {
	needRoot(t)
	r := rand.New(rand.NewSource(1))
	for _, c := range llquantizeCases {
		bounds := llquantizeBounds(c.factor, c.low, c.high, c.steps)
		p := loadTest(t, nil, func(f *fn) {
			f.boundsBucket(bounds)
			f.g.emit(asm.Mov.Reg(asm.R0, asm.R1))
		})
		for _, v := range probeValues(bounds, r) {
			want := record.LLQuantizeBucket(v, c.factor, c.low, c.high, c.steps)
			if got := run(t, p, v); int(got) != want {
				t.Errorf("llquantize(%d, %d, %d, %d, %d): bucket %d, want %d", v, c.factor, c.low, c.high, c.steps, got, want)
			}
		}
	}
}

// TestQuantizeBucketCode: the generated search over quantize()'s bounds agrees with
// record.QuantizeBucket everywhere (TestQuantizeBounds checks the bounds).
func TestQuantizeBucketCode(t *testing.T) {
	needRoot(t)
	bounds := boundsOf(record.QuantizeBuckets, record.QuantizeBucket)
	p := loadTest(t, nil, func(f *fn) {
		f.boundsBucket(bounds)
		f.g.emit(asm.Mov.Reg(asm.R0, asm.R1))
	})
	r := rand.New(rand.NewSource(2))
	for _, v := range probeValues(bounds, r) {
		if got, want := run(t, p, v), record.QuantizeBucket(v); int(got) != want {
			t.Errorf("quantize(%d): bucket %d, want %d", v, got, want)
		}
	}
}

func TestStddevCode(t *testing.T) {
	needRoot(t)
	m, err := ebpf.NewMap(&ebpf.MapSpec{Type: ebpf.Array, KeySize: 4, ValueSize: 32, MaxEntries: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	p := loadTest(t, map[string]*ebpf.Map{"out": m}, func(f *fn) {
		f.g.emit(asm.LoadMapValue(asm.R0, 0, 0).WithReference("out"))
		f.stddevAdd()
		f.g.emit(asm.Mov.Imm(asm.R0, 0))
	})
	a := &format.Aggregation{Func: record.FuncStddev}
	want := a.NewData()
	r := rand.New(rand.NewSource(3))
	vals := []int64{0, 1, -1, 3, math.MaxInt64, math.MinInt64, math.MinInt64 + 1, 1 << 32, -(1 << 32) - 1, 0xffffffff}
	for i := 0; i < 300; i++ {
		vals = append(vals, r.Int63()-r.Int63(), int64(r.Uint32()), -int64(r.Intn(1<<20)))
	}
	for _, v := range vals {
		run(t, p, v)
		a.Add(&want, v, 1)
	}
	buf := make([]byte, 32)
	if err := m.Lookup(uint32(0), buf); err != nil {
		t.Fatal(err)
	}
	w := func(i int) uint64 { return binary.LittleEndian.Uint64(buf[8*i:]) }
	if int64(w(0)) != want.Count || int64(w(1)) != want.Sum || w(2) != want.SumSq[0] || w(3) != want.SumSq[1] {
		t.Errorf("stddev state %d %d %#x:%#x, want %d %d %#x:%#x", w(0), int64(w(1)), w(3), w(2),
			want.Count, want.Sum, want.SumSq[1], want.SumSq[0])
	}
}

func TestAggGenCode(t *testing.T) {
	needRoot(t)
	gen, err := ebpf.NewMap(aggGenSpec(2))
	if err != nil {
		t.Fatal(err)
	}
	defer gen.Close()
	val, err := ebpf.NewMap(&ebpf.MapSpec{Type: ebpf.Array, KeySize: 4, ValueSize: 24, MaxEntries: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer val.Close()
	// A count() of aggregation 2 whose value is [count, flag, generation].
	p := loadTest(t, map[string]*ebpf.Map{"out": val, MapAggGen: gen}, func(f *fn) {
		f.g.emit(asm.LoadMapValue(asm.R0, 0, 0).WithReference("out"))
		f.aggGen(2, 24)
		f.g.emit(asm.Mov.Imm(asm.R1, 1), xaddAt(asm.R0, asm.R1, 0), asm.StoreImm(asm.R0, 8, 7, asm.Word),
			asm.Mov.Imm(asm.R0, 0))
	})
	read := func() (n, flag, g uint64) {
		b := make([]byte, 24)
		if err := val.Lookup(uint32(0), b); err != nil {
			t.Fatal(err)
		}
		return binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:]), binary.LittleEndian.Uint64(b[16:])
	}
	for i := 0; i < 3; i++ {
		run(t, p, 0)
	}
	if n, _, g := read(); n != 3 || g != 0 {
		t.Fatalf("count %d generation %d, want 3 and 0", n, g)
	}
	// clear(): a new generation; the next update restarts the count.
	gv := make([]byte, 24)
	binary.LittleEndian.PutUint64(gv[16:], 1)
	if err := gen.Update(uint32(0), gv, ebpf.UpdateAny); err != nil {
		t.Fatal(err)
	}
	run(t, p, 0)
	if n, flag, g := read(); n != 1 || flag != 7 || g != 1 {
		t.Fatalf("after clear: count %d flag %d generation %d, want 1, 7, 1", n, flag, g)
	}
}

func TestAggDropCode(t *testing.T) {
	needRoot(t)
	m, err := ebpf.NewMap(aggDropsSpec())
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	p := loadTest(t, map[string]*ebpf.Map{MapAggDrops: m}, func(f *fn) {
		f.aggDrop()
		f.g.emit(asm.Mov.Imm(asm.R0, 0))
	})
	for i := 0; i < 5; i++ {
		run(t, p, 0)
	}
	buf := make([]byte, m.ValueSize())
	if err := m.Lookup(uint32(0), buf); err != nil {
		t.Fatal(err)
	}
	var total uint64
	for i := 0; i+8 <= len(buf); i += 8 {
		total += binary.LittleEndian.Uint64(buf[i:])
	}
	if total != 5 {
		t.Errorf("%d drops counted, want 5", total)
	}
}
