// This file implements the instruction sequences of the built-in variables
// that read the current task: vtimestamp, ppid, uid, gid and execname.

package emit

import (
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/record"
)

// Task emits instruction sequences reading the current task.
type Task struct {
	ncpu int
	l    record.TaskLayout
}

// NewTask returns the emitters for a kernel whose struct task_struct has
// layout l, on a machine of ncpu possible CPUs (the size of the
// vtimestamp offset map).
func NewTask(l record.TaskLayout, ncpu int) *Task {
	return &Task{ncpu: ncpu, l: l}
}

// Vtimestamp emits code leaving in dst the current thread's on-CPU time in
// nanoseconds, exact at the time the code runs (see the package comment).
// dst must be one of R6–R9; R0–R5 are clobbered.
func (e *Task) Vtimestamp(dst asm.Register) asm.Instructions {
	fallback, done := Label("vt_fallback"), Label("vt_done")
	return asm.Instructions{
		// R1 = offset[cpu] = ktime − run-queue clock, 0 if not measured yet.
		asm.FnGetSmpProcessorId.Call(),
		asm.JGE.Imm(asm.R0, int32(e.ncpu), fallback),
		asm.LSh.Imm(asm.R0, 6), // × record.VtimeStride
		asm.LoadMapValue(asm.R1, 0, 0).WithReference(record.VtimeMapName),
		asm.Add.Reg(asm.R1, asm.R0),
		asm.LoadMem(asm.R1, asm.R1, 0, asm.DWord),
		asm.JEq.Imm(asm.R1, 0, fallback),
		asm.Mov.Reg(dst, asm.R1),
		// dst = sum_exec_runtime − exec_start − offset
		asm.FnGetCurrentTaskBtf.Call(),
		asm.LoadMem(asm.R1, asm.R0, int16(e.l.SumExecRuntime), asm.DWord),
		asm.LoadMem(asm.R2, asm.R0, int16(e.l.ExecStart), asm.DWord),
		asm.Sub.Reg(asm.R1, asm.R2),
		asm.Sub.Reg(asm.R1, dst),
		asm.Mov.Reg(dst, asm.R1),
		// dst += ktime_now
		asm.FnKtimeGetNs.Call(),
		asm.Add.Reg(dst, asm.R0),
		asm.Ja.Label(done),
		// No offset for this CPU yet: sum_exec_runtime alone.
		asm.FnGetCurrentTaskBtf.Call().WithSymbol(fallback),
		asm.LoadMem(dst, asm.R0, int16(e.l.SumExecRuntime), asm.DWord),
		asm.Mov.Reg(dst, dst).WithSymbol(done),
	}
}

// SumExecRuntime emits code leaving the scheduler's raw
// se.sum_exec_runtime of the current thread in dst (it lags by up to a
// tick; for comparison and diagnostics). R0 is clobbered.
func (e *Task) SumExecRuntime(dst asm.Register) asm.Instructions {
	return asm.Instructions{
		asm.FnGetCurrentTaskBtf.Call(),
		asm.LoadMem(dst, asm.R0, int16(e.l.SumExecRuntime), asm.DWord),
	}
}

// Ppid emits code leaving current->real_parent->tgid in dst. R0–R5 are
// clobbered.
func (e *Task) Ppid(dst asm.Register) asm.Instructions {
	return asm.Instructions{
		asm.FnGetCurrentTaskBtf.Call(),
		asm.LoadMem(asm.R0, asm.R0, int16(e.l.RealParent), asm.DWord),
		asm.LoadMem(dst, asm.R0, int16(e.l.Tgid), asm.Word),
	}
}

// UID emits code leaving the current thread's real user ID in dst. R0–R5
// are clobbered.
func (e *Task) UID(dst asm.Register) asm.Instructions {
	return asm.Instructions{
		asm.FnGetCurrentUidGid.Call(),
		asm.Mov.Reg32(dst, asm.R0), // low 32 bits; upper cleared
	}
}

// GID emits code leaving the current thread's real group ID in dst. R0–R5
// are clobbered.
func (e *Task) GID(dst asm.Register) asm.Instructions {
	return asm.Instructions{
		asm.FnGetCurrentUidGid.Call(),
		asm.RSh.Imm(asm.R0, 32),
		asm.Mov.Reg(dst, asm.R0),
	}
}

// Comm emits code copying the current thread's comm (execname, at most 15
// bytes and a NUL) into the 16 bytes at buf, which must be a pointer to
// stack or map value memory. R0–R5 are clobbered.
func (e *Task) Comm(buf asm.Register) asm.Instructions {
	return asm.Instructions{
		asm.Mov.Reg(asm.R1, buf),
		asm.Mov.Imm(asm.R2, 16),
		asm.FnGetCurrentComm.Call(),
	}
}
