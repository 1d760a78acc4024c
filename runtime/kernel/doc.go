// Package kernel holds godtrace's kernel-facing helpers that are not tied to
// one provider: the tracefs mount, kernel struct member offsets read from BTF,
// and the runtime side of the built-in variables that need more than a
// helper call: the layout of struct task_struct the compiler's emitters
// take as data (compiler/emit), and vtimestamp's support programs.
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
// # Built-in variables
//
// [TaskLayout] reads the offsets in struct task_struct of the members that
// ppid and vtimestamp read (real_parent, tgid, pid, se.sum_exec_runtime,
// se.exec_start) and checks their sizes; the compiler's emitters
// (compiler/emit) take it as data.
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
// thread-clock read). Probe code (compiler/emit's Vtimestamp) then computes
// sum + ktime_now − offset[cpu] − exec_start. Measured here it is within a
// few µs of CLOCK_THREAD_CPUTIME_ID read right after. The exception is a
// virtual machine whose vCPU the host preempts: the run-queue clock excludes
// steal time (CONFIG_PARAVIRT_TIME_ACCOUNTING) only when the kernel next
// updates it, which a probe cannot see, so a sample can be off by the time
// stolen since the last switch or tick (seen: up to 0.25 ms, in about 1 of
// 2000 samples on a busy host). Until a CPU has seen its first switch or
// tick since LoadVtime, the probe code falls back to sum_exec_runtime alone
// (up to a tick behind); LoadVtime waits up to 50 ms (typically one tick)
// for every online CPU to have an offset, and [Vtime.Ready] waits longer if
// needed.
// Unlike DTrace's, this vtimestamp includes the time spent in godtrace's own
// probes (DTrace subtracts it).
//
// The clause programs reference the offset map by the symbol
// record.VtimeMapName (its layout is record's: one VtimeStride-byte slot per
// possible CPU). The session must resolve it to the loaded map, either with
// asm.Instructions.AssociateMap(record.VtimeMapName, vt.Map()) or by naming
// the map so in a CollectionSpec and passing
// ebpf.CollectionOptions{MapReplacements: {record.VtimeMapName: vt.Map()}}.
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
