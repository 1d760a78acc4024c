// Package provider is godtrace's probe catalogue: every probe this kernel
// offers, with DTrace names and IDs, matching of probe descriptions, and per
// probe what the compiler needs to build, and the session to attach, a
// clause program.
//
// # Catalogue
//
// [Load] (which mounts tracefs if needed) returns a [Catalogue] whose
// providers are populated lazily, in a fixed order: dtrace, syscall, proc,
// profile, fbt, sched. A provider is populated, with every provider before it,
// the first time a [Catalogue.Match] can select one of its probes (each
// provider tells from the description alone whether it can: `BEGIN`
// selects only dtrace, `syscall::read:entry` dtrace and syscall), or when
// [Catalogue.Probes] (all) or [Catalogue.ByID] needs it;
// [Catalogue.Populated] says which are. Populating is cheap: the syscall
// provider reads the events/syscalls directory once; format files are read
// when a probe's arguments are first used, kernel BTF ([kernel.Spec]) only
// when a dispatched syscall probe, a proc probe or a built-in needs it (a
// proc probe's program type, raw tracepoint or tracepoint, is decided from
// BTF when the catalogue first hands the probe out: Match, Probes, ByID),
// and fbt's availability (which loads BTF to try fentry) only when a
// description names fbt. A `BEGIN { exit(0); }` run
// enumerates the three dtrace probes and reads no BTF (tested).
//
// IDs are deterministic and stable for the catalogue's life: dtrace:::BEGIN
// 1, END 2, ERROR 3, then syscall (entry and return per call, by name),
// proc, fbt, sched, exactly as in a full listing whichever descriptions populated
// them (the population order above guarantees it); probes created on
// demand (profile:::tick-N) take the next free ID when first named, after
// populating the providers before profile. (So sched's IDs, and on a
// kernel with kprobes fbt's, come after any profile probe named before
// they were populated; there are no fbt probes here.)
// [Catalogue.Match] takes the four description fields, each a DTrace
// pattern ([Glob]: *, ?, [...], \; empty matches all) and returns the
// probes by ID; its error is non-nil only when the description names a
// provider this kernel cannot support (fbt here, with the reason).
// Matching no probe is not an error: the caller reports DTrace's "does not
// match any probes". [List] and [ListHeader] print `dtrace -l`.
//
// # Per probe (Probe)
//
//	ID, Provider, Module, Function, Name   probeprov/probemod/probefunc/probename
//	ProgramSpec(name, insns)               spec with ProgramType/AttachType/AttachTo
//	Args()                                 args[] C types (len = number of args)
//	LoadArg(ctx, n, dst)                   dst = argN (uint64) from the saved context
//	Guard(ctx, skip)                       jump to skip when the firing is not this probe's
//	Errno(ctx, dst)                        dst = errno (syscall return probes; else 0)
//	Attach(prog)                           attach; returns a Link (Close detaches)
//
// Register contract of the emitters: ctx is the context register the
// compiler saved (one of R6–R9, R1's value at entry) and is preserved; dst
// may be any register but R10; R0–R5 may be clobbered; nothing else is
// touched and no stack is used. Labels they generate are unique.
//
// The compiler emits, per program: save R1 in ctx; Guard; then the clauses.
// One program per probe; Attach it to that probe only.
//
// # Firing BEGIN, END and ERROR
//
// The dtrace provider's programs are BPF_PROG_TYPE_RAW_TRACEPOINT programs
// that are never attached: Attach returns a *[FireLink] whose Fire(args...)
// runs the program once through BPF_PROG_TEST_RUN, synchronously, in the
// calling thread (pid, tid and execname are godtrace's, as DTrace fires
// BEGIN/END in the consumer). Every helper clause code uses is allowed
// there (tested). For ERROR, pass DTrace's arg1–arg5 as Fire's args.
//
// # Links
//
// Attach is safe for concurrent use. Closing a classic tracepoint link
// (proc probes, the syscall fallback) takes 30–80 ms; close many with
// [CloseAll], which closes them concurrently. Syscall probes on x86-64 are
// RawTracepoint programs that Attach installs in a per-direction dispatch
// table (a program array tail-called from raw_syscalls sys_enter/sys_exit);
// their links close in microseconds. Their clause programs are tail-call
// targets: no constraint on the compiler, but they must be loaded as the
// probe's ProgramType says.
//
// # Loading many programs
//
// ebpf.NewProgram of a tp_btf (ebpf.Tracing) program parses the kernel's
// BTF each time (~25 ms); none of the probes here needs tp_btf, and raw
// tracepoint, tracepoint and perf-event programs load in about a
// millisecond each (720 syscall probes: under a second here).
//
// # Providers
//
// Each provider's file opens with its kernel-event-to-probe table:
// dtrace.go, syscall.go (FreeBSD name aliases: syscall::exit:entry fires on
// exit_group), proc.go, fbt.go (unavailable here: kprobes compiled out,
// fentry refused; detected, not assumed), profile.go (tick-N: fired by
// godtrace with BPF_PROG_TEST_RUN from a goroutine every N, the link's Close
// stops it; profile-N: cpu-clock perf events on every online CPU), sched.go
// (off-cpu, sleep, preempt on tp_btf sched_switch, wakeup on sched_waking;
// on-cpu has no Linux event in the incoming thread: [MissingProbe] says so,
// as [Missing] does for the providers godtrace lacks).
package provider
