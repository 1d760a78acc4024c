// This file implements the record path's instructions: counting a drop and
// writing a buffer to the ring.

package emit

import (
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/record"
)

// Drop returns instructions adding one to the current CPU's drop counter,
// on a machine of ncpu possible CPUs (the counters' size; a CPU number past
// it counts nothing). R0–R5 are clobbered.
func Drop(ncpu int) asm.Instructions {
	if ncpu <= 0 {
		ncpu = 1
	}
	skip := Label("drop_skip")
	return asm.Instructions{
		asm.FnGetSmpProcessorId.Call(),
		asm.JGE.Imm(asm.R0, int32(ncpu), skip),
		asm.LSh.Imm(asm.R0, 3),
		asm.LoadMapValue(asm.R1, 0, 0).WithReference(record.DropMapName),
		asm.Add.Reg(asm.R1, asm.R0),
		asm.Mov.Imm(asm.R2, 1),
		asm.StoreXAdd(asm.R1, asm.R2, asm.DWord),
		asm.Mov.Imm(asm.R0, 0).WithSymbol(skip),
	}
}

// Output returns instructions writing size bytes at buf (a pointer to stack
// or map value memory, the record id in its first 4 bytes) to the ring
// buffer with bpf_ringbuf_output, and counting a drop (Drop) when that
// fails. R0–R5 are clobbered (buf may be one of them: it is read first).
func Output(buf asm.Register, size int32, ncpu int) asm.Instructions {
	ok := Label("output_ok")
	insns := asm.Instructions{
		asm.Mov.Reg(asm.R2, buf),
		asm.LoadMapPtr(asm.R1, 0).WithReference(record.RingMapName),
		asm.Mov.Imm(asm.R3, size),
		asm.Mov.Imm(asm.R4, 0),
		asm.FnRingbufOutput.Call(),
		asm.JEq.Imm(asm.R0, 0, ok),
	}
	insns = append(insns, Drop(ncpu)...)
	return append(insns, asm.Mov.Imm(asm.R0, 0).WithSymbol(ok))
}
