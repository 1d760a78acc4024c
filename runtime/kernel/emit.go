// This file implements the instruction emitters for built-in variables that
// read the current task: vtimestamp, ppid, uid, gid and execname.

package kernel

import (
	"fmt"
	"sync/atomic"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
)

// VtimeMapName is the symbol by which emitted vtimestamp code refers to the
// per-CPU clock-offset map loaded by [LoadVtime].
const VtimeMapName = "godtrace_vtime"

// vtimeStride is the distance in bytes between two CPUs' slots in the
// offset map (one cache line each, so CPUs do not share lines).
const vtimeStride = 64

// Emitter emits instruction sequences reading the current task. Create it
// with [NewEmitter]; its offsets come from the kernel's BTF.
type Emitter struct {
	ncpu        int
	realParent  uint32 // task_struct.real_parent
	tgid        uint32 // task_struct.tgid
	pid         uint32 // task_struct.pid
	sumExec     uint32 // task_struct.se.sum_exec_runtime
	execStart   uint32 // task_struct.se.exec_start
	labelSerial atomic.Uint64
}

// NewEmitter resolves the task_struct offsets the emitters need.
func NewEmitter() (*Emitter, error) {
	ncpu, err := ebpf.PossibleCPU()
	if err != nil {
		return nil, fmt.Errorf("count possible CPUs: %w", err)
	}
	e := &Emitter{ncpu: ncpu}
	for _, f := range []struct {
		path string
		size uint32
		dst  *uint32
	}{
		{"real_parent", 8, &e.realParent},
		{"tgid", 4, &e.tgid},
		{"pid", 4, &e.pid},
		{"se.sum_exec_runtime", 8, &e.sumExec},
		{"se.exec_start", 8, &e.execStart},
	} {
		m, err := Member("task_struct", f.path)
		if err != nil {
			return nil, err
		}
		if m.Size != f.size {
			return nil, fmt.Errorf("BTF member task_struct.%s: size %d, want %d", f.path, m.Size, f.size)
		}
		*f.dst = m.Offset
	}
	return e, nil
}

// label returns a jump label unique to this Emitter.
func (e *Emitter) label(what string) string {
	return fmt.Sprintf("godtrace_%s_%d", what, e.labelSerial.Add(1))
}

// Vtimestamp emits code leaving in dst the current thread's on-CPU time in
// nanoseconds, exact at the time the code runs (see the package comment).
// dst must be one of R6–R9; R0–R5 are clobbered.
func (e *Emitter) Vtimestamp(dst asm.Register) asm.Instructions {
	fallback, done := e.label("vt_fallback"), e.label("vt_done")
	return asm.Instructions{
		// R1 = offset[cpu] = ktime − run-queue clock, 0 if not measured yet.
		asm.FnGetSmpProcessorId.Call(),
		asm.JGE.Imm(asm.R0, int32(e.ncpu), fallback),
		asm.LSh.Imm(asm.R0, 6), // × vtimeStride
		asm.LoadMapValue(asm.R1, 0, 0).WithReference(VtimeMapName),
		asm.Add.Reg(asm.R1, asm.R0),
		asm.LoadMem(asm.R1, asm.R1, 0, asm.DWord),
		asm.JEq.Imm(asm.R1, 0, fallback),
		asm.Mov.Reg(dst, asm.R1),
		// dst = sum_exec_runtime − exec_start − offset
		asm.FnGetCurrentTaskBtf.Call(),
		asm.LoadMem(asm.R1, asm.R0, int16(e.sumExec), asm.DWord),
		asm.LoadMem(asm.R2, asm.R0, int16(e.execStart), asm.DWord),
		asm.Sub.Reg(asm.R1, asm.R2),
		asm.Sub.Reg(asm.R1, dst),
		asm.Mov.Reg(dst, asm.R1),
		// dst += ktime_now
		asm.FnKtimeGetNs.Call(),
		asm.Add.Reg(dst, asm.R0),
		asm.Ja.Label(done),
		// No offset for this CPU yet: sum_exec_runtime alone.
		asm.FnGetCurrentTaskBtf.Call().WithSymbol(fallback),
		asm.LoadMem(dst, asm.R0, int16(e.sumExec), asm.DWord),
		asm.Mov.Reg(dst, dst).WithSymbol(done),
	}
}

// SumExecRuntime emits code leaving the scheduler's raw
// se.sum_exec_runtime of the current thread in dst (it lags by up to a
// tick; for comparison and diagnostics). R0 is clobbered.
func (e *Emitter) SumExecRuntime(dst asm.Register) asm.Instructions {
	return asm.Instructions{
		asm.FnGetCurrentTaskBtf.Call(),
		asm.LoadMem(dst, asm.R0, int16(e.sumExec), asm.DWord),
	}
}

// Ppid emits code leaving current->real_parent->tgid in dst. R0–R5 are
// clobbered.
func (e *Emitter) Ppid(dst asm.Register) asm.Instructions {
	return asm.Instructions{
		asm.FnGetCurrentTaskBtf.Call(),
		asm.LoadMem(asm.R0, asm.R0, int16(e.realParent), asm.DWord),
		asm.LoadMem(dst, asm.R0, int16(e.tgid), asm.Word),
	}
}

// UID emits code leaving the current thread's real user ID in dst. R0–R5
// are clobbered.
func (e *Emitter) UID(dst asm.Register) asm.Instructions {
	return asm.Instructions{
		asm.FnGetCurrentUidGid.Call(),
		asm.Mov.Reg32(dst, asm.R0), // low 32 bits; upper cleared
	}
}

// GID emits code leaving the current thread's real group ID in dst. R0–R5
// are clobbered.
func (e *Emitter) GID(dst asm.Register) asm.Instructions {
	return asm.Instructions{
		asm.FnGetCurrentUidGid.Call(),
		asm.RSh.Imm(asm.R0, 32),
		asm.Mov.Reg(dst, asm.R0),
	}
}

// Comm emits code copying the current thread's comm (execname, at most 15
// bytes and a NUL) into the 16 bytes at buf, which must be a pointer to
// stack or map value memory. R0–R5 are clobbered.
func (e *Emitter) Comm(buf asm.Register) asm.Instructions {
	return asm.Instructions{
		asm.Mov.Reg(asm.R1, buf),
		asm.Mov.Imm(asm.R2, 16),
		asm.FnGetCurrentComm.Call(),
	}
}
