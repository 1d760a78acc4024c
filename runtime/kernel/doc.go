// Package kernel holds godtrace's kernel-facing helpers that are not tied to
// one provider: the tracefs mount, kernel struct member offsets read from BTF,
// and the support pieces behind built-in variables that need more than a
// helper call (vtimestamp, ppid, uid, gid, execname).
//
// # tracefs
//
// [Tracefs] returns the tracefs directory, mounting tracefs at
// /sys/kernel/tracing when it is missing (this needs root; the error says so).
//
// # BTF
//
// [Spec] loads the running kernel's BTF once, lazily, into a shared
// btf.Cache ([Cache]) that program loaders needing kernel BTF should pass
// as ebpf.CollectionOptions.Cache (each ebpf.NewProgram of a tp_btf program
// otherwise parses the kernel's BTF again, ~25 ms). [Offset] and [Member]
// resolve a dotted member path such as "se.sum_exec_runtime" inside a struct
// or union, descending into anonymous members, and give byte offsets (BTF
// stores bits; bitfields are refused). Offsets are never hard-coded anywhere
// in godtrace. [TracepointParams] and [TracepointParam] give a raw
// tracepoint's parameters (its program's context: one uint64 each) in
// order, by name, from the kernel's __bpf_trace_NAME function.
//
// # Built-in variable emitters
//
// [NewEmitter] resolves the offsets once; its methods return instructions the
// compiler inlines into clause programs:
//
//	Vtimestamp(dst)  thread on-CPU ns, exact at probe time (see below)
//	Ppid(dst)        current->real_parent->tgid
//	UID(dst), GID(dst) from bpf_get_current_uid_gid
//	Comm(buf)        bpf_get_current_comm into a 16-byte buffer
//
// Register contract for every emitter: R0–R5 are clobbered (helper calls),
// R6–R9 other than dst are preserved, R10 is untouched, no stack is used.
// Vtimestamp needs dst to be one of R6–R9 (it keeps a value across a helper
// call in dst); the others accept any register but R10.
//
// # vtimestamp
//
// The scheduler's se.sum_exec_runtime lags the running thread by up to a tick,
// so vtimestamp is computed as
//
//	sum_exec_runtime + (sched_clock_now − se.exec_start)
//
// which is what CLOCK_THREAD_CPUTIME_ID computes. A BPF program cannot read
// the scheduler clock, but the difference between bpf_ktime_get_ns() and that
// clock is measured continuously: tp_btf programs on sched_switch and
// sched_stat_runtime (loaded by [LoadVtime]) store, per CPU,
// ktime_now − task->se.exec_start at the moments the scheduler has just set
// exec_start to the run-queue clock (a switch-in; update_curr at a tick or a
// thread-clock read). Probe code then computes
// sum + ktime_now − offset[cpu] − exec_start. Measured here it is within a
// few µs of CLOCK_THREAD_CPUTIME_ID read right after. The exception is a
// virtual machine whose vCPU the host preempts: the run-queue clock excludes
// steal time (CONFIG_PARAVIRT_TIME_ACCOUNTING) only when the kernel next
// updates it, which a probe cannot see, so a sample can be off by the time
// stolen since the last switch or tick (seen: up to 0.25 ms, in about 1 of
// 2000 samples on a busy host). Until a CPU has seen its first switch or tick
// since LoadVtime, Vtimestamp falls back to sum_exec_runtime alone (up to a
// tick behind); LoadVtime waits up to 50 ms (typically one tick) for every
// online CPU to have an offset, and [Vtime.Ready] waits longer if needed.
// Unlike DTrace's, this vtimestamp includes the time spent in godtrace's own
// probes (DTrace subtracts it).
//
// The clause programs reference the offset map by the symbol [VtimeMapName].
// The session must resolve it to the loaded map, either with
// asm.Instructions.AssociateMap(kernel.VtimeMapName, vt.Map()) or by naming
// the map VtimeMapName in a CollectionSpec and passing
// ebpf.CollectionOptions{MapReplacements: {VtimeMapName: vt.Map()}}.
//
// # Thread-local variables at thread exit
//
// [LoadThreadCleanup] attaches a raw tracepoint program to
// sched_process_exit that deletes the exiting thread's key
// (bpf_get_current_pid_tgid()) from the given hash maps: DTrace frees a
// thread's self-> variables when it exits; without it, a thread that later
// reuses the id would see them.
//
// Requires kernel 5.11 (bpf_get_current_task_btf) and BTF (/sys/kernel/btf/vmlinux).
package kernel
