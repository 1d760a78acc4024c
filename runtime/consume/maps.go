// This file implements the ring-buffer and drop-counter map specs and the
// instructions clause programs use to write records and count drops.

package consume

import (
	"fmt"
	"os"
	"sync/atomic"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
)

const (
	// RingMapName is the symbol by which clause programs refer to the ring
	// buffer.
	RingMapName = "godtrace_ring"
	// DropMapName is the symbol by which clause programs refer to the drop
	// counters.
	DropMapName = "godtrace_drops"
	// DefaultRingSize is the ring size used when none is given: DTrace's
	// default principal buffer size (bufsize=4m).
	DefaultRingSize = 4 << 20
)

// RingMapSpec returns the spec of the ring buffer. size is rounded up to a
// power of two of at least one page (DTrace's bufsize option).
func RingMapSpec(size int) *ebpf.MapSpec {
	if size <= 0 {
		size = DefaultRingSize
	}
	n := os.Getpagesize()
	for n < size {
		n <<= 1
	}
	return &ebpf.MapSpec{Name: RingMapName, Type: ebpf.RingBuf, MaxEntries: uint32(n)}
}

// DropMapSpec returns the spec of the drop counters: one array element
// holding a uint64 per possible CPU.
func DropMapSpec() (*ebpf.MapSpec, error) {
	ncpu, err := ebpf.PossibleCPU()
	if err != nil {
		return nil, fmt.Errorf("count possible CPUs: %w", err)
	}
	return &ebpf.MapSpec{
		Name:       DropMapName,
		Type:       ebpf.Array,
		KeySize:    4,
		ValueSize:  uint32(8 * ncpu),
		MaxEntries: 1,
	}, nil
}

var labelSerial atomic.Uint64

func label(what string) string {
	return fmt.Sprintf("godtrace_%s_%d", what, labelSerial.Add(1))
}

// EmitDrop returns instructions adding one to the current CPU's drop
// counter. R0–R5 are clobbered.
func EmitDrop() asm.Instructions {
	ncpu, err := ebpf.PossibleCPU()
	if err != nil || ncpu <= 0 {
		ncpu = 1
	}
	skip := label("drop_skip")
	return asm.Instructions{
		asm.FnGetSmpProcessorId.Call(),
		asm.JGE.Imm(asm.R0, int32(ncpu), skip),
		asm.LSh.Imm(asm.R0, 3),
		asm.LoadMapValue(asm.R1, 0, 0).WithReference(DropMapName),
		asm.Add.Reg(asm.R1, asm.R0),
		asm.Mov.Imm(asm.R2, 1),
		asm.StoreXAdd(asm.R1, asm.R2, asm.DWord),
		asm.Mov.Imm(asm.R0, 0).WithSymbol(skip),
	}
}

// EmitOutput returns instructions writing size bytes at buf (a pointer to
// stack or map value memory, the record id in its first 4 bytes) to the ring
// buffer with bpf_ringbuf_output, and counting a drop when that fails.
// R0–R5 are clobbered (buf may be one of them: it is read first).
func EmitOutput(buf asm.Register, size int32) asm.Instructions {
	ok := label("output_ok")
	insns := asm.Instructions{
		asm.Mov.Reg(asm.R2, buf),
		asm.LoadMapPtr(asm.R1, 0).WithReference(RingMapName),
		asm.Mov.Imm(asm.R3, size),
		asm.Mov.Imm(asm.R4, 0),
		asm.FnRingbufOutput.Call(),
		asm.JEq.Imm(asm.R0, 0, ok),
	}
	insns = append(insns, EmitDrop()...)
	return append(insns, asm.Mov.Imm(asm.R0, 0).WithSymbol(ok))
}
