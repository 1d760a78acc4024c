// This file implements the tests of runtime/consume with real programs run
// through BPF_PROG_TEST_RUN.

package consume

import (
	"encoding/binary"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/compiler/emit"
	"github.com/godtrace/godtrace/internal/testroot"
	"github.com/godtrace/godtrace/record"
)

// loadWriter loads a raw tracepoint program writing one record of size
// bytes: id, then zeros, with ctx[0] in the last 8 bytes.
func loadWriter(t *testing.T, ring, drops *ebpf.Map, id uint32, size int16) *ebpf.Program {
	t.Helper()
	insns := asm.Instructions{
		asm.LoadMem(asm.R6, asm.R1, 0, asm.DWord), // ctx[0]
		asm.Mov.Imm(asm.R0, 0),
	}
	for off := -size; off < 0; off += 8 {
		insns = append(insns, asm.StoreMem(asm.RFP, off, asm.R0, asm.DWord))
	}
	insns = append(insns,
		asm.StoreImm(asm.RFP, -size, int64(id), asm.Word),
		asm.StoreMem(asm.RFP, -8, asm.R6, asm.DWord),
		asm.Mov.Reg(asm.R7, asm.RFP),
		asm.Add.Imm(asm.R7, int32(-size)),
	)
	insns = append(insns, emit.Output(asm.R7, int32(size), possibleCPUs(t))...)
	insns = append(insns, asm.Mov.Imm(asm.R0, 0), asm.Return())
	if err := insns.AssociateMap(record.RingMapName, ring); err != nil {
		t.Fatal(err)
	}
	if err := insns.AssociateMap(record.DropMapName, drops); err != nil {
		t.Fatal(err)
	}
	prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{Type: ebpf.RawTracepoint, Instructions: insns, License: "GPL"})
	if err != nil {
		t.Fatalf("%+v", err)
	}
	t.Cleanup(func() { prog.Close() })
	return prog
}

// possibleCPUs is the number of possible CPUs, the drop counters' size.
func possibleCPUs(t *testing.T) int {
	t.Helper()
	n, err := ebpf.PossibleCPU()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func newMaps(t *testing.T, ringSize int) (ring, drops *ebpf.Map) {
	t.Helper()
	ring, err := ebpf.NewMap(record.RingMapSpec(ringSize))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ring.Close() })
	ds, err := record.DropMapSpec()
	if err != nil {
		t.Fatal(err)
	}
	drops, err = ebpf.NewMap(ds)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { drops.Close() })
	return ring, drops
}

// fire runs prog once on cpu with ctx[0] = arg.
func fire(t *testing.T, prog *ebpf.Program, cpu int, arg uint64) {
	t.Helper()
	ctx := make([]uint64, 12)
	ctx[0] = arg
	if _, err := prog.Run(&ebpf.RunOptions{Context: ctx, Flags: 1 /* BPF_F_TEST_RUN_ON_CPU */, CPU: uint32(cpu)}); err != nil {
		t.Fatal(err)
	}
}

func TestRunInOrderAndStopDrains(t *testing.T) {
	testroot.Require(t, "creating BPF maps and programs")
	ring, drops := newMaps(t, 0)
	prog := loadWriter(t, ring, drops, 42, 16)
	rd, err := NewReader(ring, drops, Options{DropInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()

	const n = 1000
	var got []uint64
	done := make(chan error, 1)
	go func() {
		done <- rd.Run(func(id uint32, data []byte) error {
			if id != 42 || len(data) != 12 {
				return fmt.Errorf("record id %d, %d bytes; want 42, 12", id, len(data))
			}
			got = append(got, binary.NativeEndian.Uint64(data[4:]))
			return nil
		})
	}()
	for i := 0; i < n; i++ {
		fire(t, prog, i%2, uint64(i))
		if i == n/2 {
			time.Sleep(30 * time.Millisecond) // let Run go through a drop check
		}
	}
	// Stop right away: the records still in the ring must be handed over.
	if err := rd.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("got %d records, want %d", len(got), n)
	}
	for i, v := range got {
		if v != uint64(i) {
			t.Fatalf("record %d carries %d: out of order", i, v)
		}
	}
	if ds, err := rd.Drops(); err != nil || len(ds) != 0 {
		t.Errorf("Drops() = %v, %v; want none", ds, err)
	}
}

func TestDrops(t *testing.T) {
	testroot.Require(t, "creating BPF maps and programs")
	ring, drops := newMaps(t, 4096)
	const size = 256
	prog := loadWriter(t, ring, drops, 7, size)
	var mu sync.Mutex
	var reported []Drop
	rd, err := NewReader(ring, drops, Options{OnDrop: func(d Drop) {
		mu.Lock()
		reported = append(reported, d)
		mu.Unlock()
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer rd.Close()

	// Nobody reads: a 4 KiB ring holds 15 records of 256 bytes plus the
	// 8-byte header each; the rest of the 100 are dropped, on CPU 1.
	const n = 100
	for i := 0; i < n; i++ {
		fire(t, prog, 1, uint64(i))
	}
	var kept int
	if err := rd.Drain(func(id uint32, data []byte) error {
		if id != 7 || len(data) != size-4 {
			return fmt.Errorf("record id %d, %d bytes", id, len(data))
		}
		if v := binary.NativeEndian.Uint64(data[len(data)-8:]); v != uint64(kept) {
			return fmt.Errorf("record %d carries %d", kept, v)
		}
		kept++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	hdr := 8
	if want := 4096 / (size + hdr); kept != want {
		t.Errorf("kept %d records, want %d", kept, want)
	}
	// Stopped Run reports the drops once, at its end.
	if err := rd.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := rd.Run(func(uint32, []byte) error { return nil }); err != nil {
		t.Fatal(err)
	}
	want := Drop{CPU: 1, Count: uint64(n - kept)}
	if len(reported) != 1 || reported[0] != want {
		t.Fatalf("reported %v, want [%v]", reported, want)
	}
	if msg := DropMessage(want); msg != fmt.Sprintf("%d drops on CPU 1", n-kept) {
		t.Errorf("DropMessage = %q", msg)
	}
	if ds, _ := rd.Drops(); len(ds) != 0 {
		t.Errorf("drops reported twice: %v", ds)
	}
	// The ring is empty again: fill it, then one more on CPU 0: singular.
	for i := 0; i <= kept; i++ {
		fire(t, prog, 0, 0)
	}
	ds, err := rd.Drops()
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || DropMessage(ds[0]) != "1 drop on CPU 0" {
		t.Errorf("after one more drop: %v", ds)
	}
}
