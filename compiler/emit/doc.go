// Package emit holds the instruction sequences the compiler inlines that do
// not depend on the D program: the built-in variables that read the current
// task (vtimestamp, ppid, uid, gid, execname), and the record path's drop
// counting and ring output. They take what they need of the running kernel
// as data: the layout of struct task_struct (record.TaskLayout, which the
// runtime reads from BTF) and the number of possible CPUs.
//
// # The current task
//
// [NewTask] takes the layout; its methods return instructions:
//
//	Vtimestamp(dst)     thread on-CPU ns, exact at probe time (see below)
//	SumExecRuntime(dst) the scheduler's raw se.sum_exec_runtime
//	Ppid(dst)           current->real_parent->tgid
//	UID(dst), GID(dst)  from bpf_get_current_uid_gid
//	Comm(buf)           bpf_get_current_comm into a 16-byte buffer
//
// Register contract for every emitter: R0–R5 are clobbered (helper calls),
// R6–R9 other than dst are preserved, R10 is untouched, no stack is used.
// Vtimestamp needs dst to be one of R6–R9 (it keeps a value across a helper
// call in dst); the others accept any register but R10.
//
// # vtimestamp
//
// The scheduler's se.sum_exec_runtime lags the running thread by up to a
// tick, so vtimestamp is computed as
//
//	sum_exec_runtime + (sched_clock_now − se.exec_start)
//
// which is what CLOCK_THREAD_CPUTIME_ID computes. A BPF program cannot read
// the scheduler clock, but the runtime's support programs (runtime/kernel's
// LoadVtime) keep, per CPU, ktime_now − exec_start as measured when the
// scheduler has just set exec_start, in the map record.VtimeMapName; the
// code computes sum + ktime_now − offset[cpu] − exec_start. Until a CPU
// has an offset, it falls back to sum_exec_runtime alone (up to a tick
// behind). See runtime/kernel for the accuracy measured.
//
// # Records and drops
//
// [Drop] adds one to the current CPU's drop counter (record.DropMapName);
// [Output] writes a buffer to the ring (record.RingMapName) with
// bpf_ringbuf_output and counts a drop when that fails. Both clobber R0–R5
// and nothing else.
//
// Requires kernel 5.11 (bpf_get_current_task_btf) for Vtimestamp,
// SumExecRuntime and Ppid, 5.8 (BPF ring buffer) for Output.
package emit

import (
	"fmt"
	"sync/atomic"
)

var labelSerial atomic.Uint64

// Label returns a jump label unique in the process, for code emitted into programs that
// are not its own (these emitters', the providers' argument loads and guards): it cannot
// collide with a label of the program it lands in, nor with another emitter's.
func Label(what string) string {
	return fmt.Sprintf("godtrace_%s_%d", what, labelSerial.Add(1))
}
