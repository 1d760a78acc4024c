// This file implements the proc provider on scheduler, task, signal and
// system call tracepoints.
//
//	probe            kernel event(s)                       fires in           guard; args
//	exec             raw_syscalls sys_enter: execve(at)    the old image      args[0] = path (user char *)
//	exec-success     raw tracepoint sched_process_exec     the new image      (execname is the new name)
//	exec-failure     raw_syscalls sys_exit: execve(at)     the failing image  ret < 0; args[0] = errno
//	exit             raw tracepoint sched_process_exit     the last thread    group_dead; args[0] = CLD_EXITED,
//	                                                                           CLD_KILLED or CLD_DUMPED
//	lwp-exit         raw tracepoint sched_process_exit     an exiting thread  !group_dead (not the last)
//	create           task:task_newtask                     the parent         !CLONE_THREAD; args[0] = child pid
//	lwp-create       task:task_newtask                     the creator        CLONE_THREAD; args[0] = new tid
//	start            raw_syscalls sys_exit: clone, clone3, the new process    ret == 0 && pid == tid
//	                 fork, vfork                           (first return to user space)
//	lwp-start        same                                  the new thread     ret == 0 && pid != tid
//	signal-send      signal:signal_generate                the sender         args[0] = args[1] = target tid,
//	                                                                           args[2] = signal
//	signal-handle    signal:signal_deliver                 the receiver       args[0] = signal, args[1] = 0,
//	                                                                           args[2] = handler address
//
// DTrace passes psinfo_t/lwpsinfo_t pointers where these pass pids; Linux
// has no such structures (docs/linux-differences.md). Raw tracepoints
// (parameters located by name in the kernel's BTF; system calls told apart
// by number, registers read with bpf_task_pt_regs) are used where no
// argument needs a pointer followed: their links close in microseconds, a
// classic tracepoint's in tens of milliseconds. Without system call
// numbers (not x86-64), exec, exec-failure, start and lwp-start use the
// syscalls:sys_enter_execve… tracepoints instead.

package provider

import (
	"fmt"
	"sort"
	"sync"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/link"
	"golang.org/x/sys/unix"

	"github.com/godtrace/godtrace/compiler/emit"
	"github.com/godtrace/godtrace/runtime/kernel"
)

// DTrace's (and POSIX's) si_code values for proc:::exit's args[0].
const (
	cldExited = 1
	cldKilled = 2
	cldDumped = 3
)

// tpArg is one argument of a tracepoint-based probe: a field of the event
// record, or computed.
type tpArg struct {
	typ   string
	user  bool
	field string
	emit  func(ctx, dst asm.Register) (asm.Instructions, error)
}

// tpProbe is a probe on one or more classic tracepoints.
type tpProbe struct {
	events  []event
	arglist []tpArg
	guardFn func(ctx asm.Register, skip string) (asm.Instructions, error)
}

func (t *tpProbe) args(*Probe) ([]Arg, error) {
	out := make([]Arg, len(t.arglist))
	for i, a := range t.arglist {
		out[i] = Arg{Type: a.typ, User: a.user}
	}
	return out, nil
}

func (t *tpProbe) loadArg(p *Probe, ctx asm.Register, n int, dst asm.Register) (asm.Instructions, error) {
	if n >= len(t.arglist) {
		return zeroArg(dst), nil
	}
	a := t.arglist[n]
	if a.emit != nil {
		return a.emit(ctx, dst)
	}
	if a.field == "" {
		return zeroArg(dst), nil
	}
	return loadEventField(ctx, dst, t.events, a.field)
}

func (t *tpProbe) guard(p *Probe, ctx asm.Register, skip string) (asm.Instructions, error) {
	if t.guardFn == nil {
		return nil, nil
	}
	return t.guardFn(ctx, skip)
}

func (t *tpProbe) errno(p *Probe, ctx, dst asm.Register) (asm.Instructions, error) {
	return zeroArg(dst), nil
}

func (t *tpProbe) attach(p *Probe, prog *ebpf.Program) (Link, error) {
	return attachTracepoints(prog, t.events)
}

// rawTpProbe is a probe on a raw tracepoint (no BTF: the context is the
// array of the tracepoint's parameters as uint64).
type rawTpProbe struct {
	tp      string
	arglist []tpArg // field is a TP_PROTO parameter name
	guardFn func(ctx asm.Register, skip string) (asm.Instructions, error)
}

func (r *rawTpProbe) args(*Probe) ([]Arg, error) {
	out := make([]Arg, len(r.arglist))
	for i, a := range r.arglist {
		out[i] = Arg{Type: a.typ, User: a.user}
	}
	return out, nil
}

// param emits dst = the tracepoint parameter of that name.
func (r *rawTpProbe) param(ctx, dst asm.Register, name string) (asm.Instructions, error) {
	i, err := kernel.TracepointParam(r.tp, name)
	if err != nil {
		return nil, err
	}
	return asm.Instructions{asm.LoadMem(dst, ctx, int16(8*i), asm.DWord)}, nil
}

func (r *rawTpProbe) loadArg(p *Probe, ctx asm.Register, n int, dst asm.Register) (asm.Instructions, error) {
	if n >= len(r.arglist) {
		return zeroArg(dst), nil
	}
	a := r.arglist[n]
	if a.emit != nil {
		return a.emit(ctx, dst)
	}
	if a.field == "" {
		return zeroArg(dst), nil
	}
	return r.param(ctx, dst, a.field)
}

func (r *rawTpProbe) guard(p *Probe, ctx asm.Register, skip string) (asm.Instructions, error) {
	if r.guardFn == nil {
		return nil, nil
	}
	return r.guardFn(ctx, skip)
}

func (r *rawTpProbe) errno(p *Probe, ctx, dst asm.Register) (asm.Instructions, error) {
	return zeroArg(dst), nil
}

func (r *rawTpProbe) attach(p *Probe, prog *ebpf.Program) (Link, error) {
	l, err := link.AttachRawTracepoint(link.RawTracepointOptions{Name: r.tp, Program: prog})
	if err != nil {
		return nil, fmt.Errorf("attach raw tracepoint %s: %w", r.tp, err)
	}
	return l, nil
}

type procProvider struct{}

func (*procProvider) name() string { return "proc" }

// taskOffsets are the task_struct offsets the proc provider needs.
var taskOffsets = sync.OnceValues(func() (map[string]uint32, error) {
	m := make(map[string]uint32)
	for _, f := range []string{"exit_code"} {
		off, err := kernel.Offset("task_struct", f)
		if err != nil {
			return nil, err
		}
		m[f] = off
	}
	return m, nil
})

// procNames are the proc provider's probe names, in catalogue order.
var procNames = []string{"exec", "exec-success", "exec-failure", "exit", "lwp-exit", "create",
	"lwp-create", "start", "lwp-start", "signal-send", "signal-handle"}

func (*procProvider) mayMatch(module, function, name string) bool {
	return Glob(module, "vmlinux") && Glob(function, "") && anyGlob(name, procNames...)
}

func (pp *procProvider) populate(c *Catalogue) error {
	dir, err := kernel.Tracefs()
	if err != nil {
		return err
	}
	sys := func(names ...string) []event {
		var evs []event
		for _, n := range names {
			evs = append(evs, event{"syscalls", n})
		}
		return evs
	}
	execEnter := sys("sys_enter_execve", "sys_enter_execveat")
	execExit := sys("sys_exit_execve", "sys_exit_execveat")
	forkExit := sys("sys_exit_clone", "sys_exit_clone3", "sys_exit_fork", "sys_exit_vfork")
	exitEv := []event{{"sched", "sched_process_exit"}}
	newtask := []event{{"task", "task_newtask"}}

	// exec, exec-failure, start and lwp-start on raw_syscalls, where the
	// system call numbers are known.
	var sp *syscallProvider
	for _, pr := range c.providers {
		if s, ok := pr.(*syscallProvider); ok {
			sp = s
		}
	}
	var execs, forks map[string]int
	if sp != nil {
		execs = sp.knownCalls("execve", "execveat")
		forks = sp.knownCalls("clone", "clone3", "fork", "vfork")
	}

	// Which probes run as raw tracepoint programs is decided from BTF,
	// which is loaded only when a proc probe is first enabled or listed
	// (Probe.resolve), not when the provider is populated.
	rawProbes := sync.OnceValue(func() map[string]*rawTpProbe {
		// group_dead of sched_process_exit, as 0 or 1.
		exitRaw := &rawTpProbe{tp: "sched_process_exit"}
		groupDead := func(ctx asm.Register) (asm.Instructions, error) {
			ld, err := exitRaw.param(ctx, asm.R0, "group_dead")
			return append(ld, asm.And.Imm(asm.R0, 0xff)), err
		}
		rawTable := []struct {
			name string
			tp   *rawTpProbe
		}{
			{"exec-success", &rawTpProbe{tp: "sched_process_exec"}},
			{"exit", &rawTpProbe{
				tp:      "sched_process_exit",
				arglist: []tpArg{{typ: "int", emit: exitReason}},
				guardFn: func(ctx asm.Register, skip string) (asm.Instructions, error) {
					ld, err := groupDead(ctx)
					return append(ld, asm.JEq.Imm(asm.R0, 0, skip)), err
				},
			}},
			{"lwp-exit", &rawTpProbe{
				tp: "sched_process_exit",
				guardFn: func(ctx asm.Register, skip string) (asm.Instructions, error) {
					ld, err := groupDead(ctx)
					return append(ld, asm.JNE.Imm(asm.R0, 0, skip)), err
				},
			}},
		}
		raw := make(map[string]*rawTpProbe)
		for _, row := range rawTable {
			// The raw tracepoint is used when BTF describes it fully.
			ok := true
			for _, a := range row.tp.arglist {
				if a.field != "" {
					_, err := kernel.TracepointParam(row.tp.tp, a.field)
					ok = ok && err == nil
				}
			}
			if row.tp.guardFn != nil {
				_, err := kernel.TracepointParam(row.tp.tp, "group_dead")
				ok = ok && err == nil
			}
			if _, err := kernel.TracepointParams(row.tp.tp); err == nil && ok {
				raw[row.name] = row.tp
			}
		}

		if sp != nil && sp.layout() == nil {
			if len(execs) > 0 {
				raw["exec"] = &rawTpProbe{
					tp:      "sys_enter",
					arglist: []tpArg{{typ: "const char *", user: true, emit: sp.execPath}},
					guardFn: sp.callGuard(0, execs, nil),
				}
				raw["exec-failure"] = &rawTpProbe{
					tp: "sys_exit",
					arglist: []tpArg{{typ: "int", emit: func(ctx, dst asm.Register) (asm.Instructions, error) {
						return append(asm.Instructions{asm.LoadMem(dst, ctx, 8, asm.DWord)}, errnoOf(dst)...), nil
					}}},
					guardFn: sp.callGuard(1, execs, func(ctx asm.Register, skip string) asm.Instructions {
						return asm.Instructions{asm.LoadMem(asm.R0, ctx, 8, asm.DWord), asm.JSGE.Imm(asm.R0, 0, skip)}
					}),
				}
			}
			if len(forks) > 0 {
				for name, process := range map[string]bool{"start": true, "lwp-start": false} {
					raw[name] = &rawTpProbe{
						tp: "sys_exit",
						guardFn: sp.callGuard(1, forks, func(ctx asm.Register, skip string) asm.Instructions {
							return append(asm.Instructions{
								asm.LoadMem(asm.R0, ctx, 8, asm.DWord),
								asm.JNE.Imm(asm.R0, 0, skip),
							}, newThreadCheck(process, skip)...)
						}),
					}
				}
			}
		}
		return raw
	})

	table := []struct {
		name string
		tp   *tpProbe
	}{
		{"exec", &tpProbe{
			events:  execEnter,
			arglist: []tpArg{{typ: "const char *", user: true, field: "filename"}},
		}},
		{"exec-success", &tpProbe{events: []event{{"sched", "sched_process_exec"}}}},
		{"exec-failure", &tpProbe{
			events:  execExit,
			arglist: []tpArg{{typ: "int", emit: func(ctx, dst asm.Register) (asm.Instructions, error) { return retErrno(ctx, dst, execExit) }}},
			guardFn: func(ctx asm.Register, skip string) (asm.Instructions, error) {
				ld, err := loadEventField(ctx, asm.R0, execExit, "ret")
				return append(ld, asm.JSGE.Imm(asm.R0, 0, skip)), err
			},
		}},
		{"exit", &tpProbe{
			events:  exitEv,
			arglist: []tpArg{{typ: "int", emit: exitReason}},
			guardFn: func(ctx asm.Register, skip string) (asm.Instructions, error) {
				ld, err := loadEventField(ctx, asm.R0, exitEv, "group_dead")
				return append(ld, asm.JEq.Imm(asm.R0, 0, skip)), err
			},
		}},
		{"lwp-exit", &tpProbe{
			events: exitEv,
			guardFn: func(ctx asm.Register, skip string) (asm.Instructions, error) {
				ld, err := loadEventField(ctx, asm.R0, exitEv, "group_dead")
				return append(ld, asm.JNE.Imm(asm.R0, 0, skip)), err
			},
		}},
		{"create", &tpProbe{
			events:  newtask,
			arglist: []tpArg{{typ: "pid_t", field: "pid"}},
			guardFn: cloneFlagGuard(newtask, true),
		}},
		{"lwp-create", &tpProbe{
			events:  newtask,
			arglist: []tpArg{{typ: "pid_t", field: "pid"}},
			guardFn: cloneFlagGuard(newtask, false),
		}},
		{"start", &tpProbe{events: forkExit, guardFn: startGuard(forkExit, true)}},
		{"lwp-start", &tpProbe{events: forkExit, guardFn: startGuard(forkExit, false)}},
		{"signal-send", &tpProbe{
			events:  []event{{"signal", "signal_generate"}},
			arglist: []tpArg{{typ: "pid_t", field: "pid"}, {typ: "pid_t", field: "pid"}, {typ: "int", field: "sig"}},
		}},
		{"signal-handle", &tpProbe{
			events:  []event{{"signal", "signal_deliver"}},
			arglist: []tpArg{{typ: "int", field: "sig"}, {typ: "uintptr_t"}, {typ: "uintptr_t", field: "sa_handler"}},
		}},
	}
	for _, row := range table {
		// Keep the events this kernel has (fork and vfork are missing
		// on some architectures); a probe with none is left out, even
		// where it could run on a raw tracepoint (finding out needs BTF;
		// kernels with the raw tracepoints have the events too).
		var evs []event
		for _, e := range row.tp.events {
			if eventExists(dir, e) {
				evs = append(evs, e)
			}
		}
		if len(evs) == 0 {
			continue
		}
		row.tp.events = evs
		name := row.name
		c.add(&Probe{Provider: "proc", Module: "vmlinux", Name: name, ProgramType: ebpf.TracePoint, impl: row.tp,
			resolve: func(p *Probe) {
				if r, ok := rawProbes()[name]; ok {
					p.impl, p.ProgramType = r, ebpf.RawTracepoint
				}
			}})
	}
	return nil
}

// retErrno emits dst = errno of the ret field.
func retErrno(ctx, dst asm.Register, evs []event) (asm.Instructions, error) {
	ld, err := loadEventField(ctx, dst, evs, "ret")
	if err != nil {
		return nil, err
	}
	return append(ld, errnoOf(dst)...), nil
}

// exitReason emits dst = CLD_EXITED, CLD_KILLED or CLD_DUMPED from
// current->exit_code (set by do_exit before sched_process_exit).
func exitReason(ctx, dst asm.Register) (asm.Instructions, error) {
	offs, err := taskOffsets()
	if err != nil {
		return nil, err
	}
	done := emit.Label("exit_done")
	return asm.Instructions{
		asm.FnGetCurrentTaskBtf.Call(),
		asm.LoadMem(asm.R1, asm.R0, int16(offs["exit_code"]), asm.Word),
		asm.Mov.Imm(asm.R3, cldExited),
		asm.Mov.Reg(asm.R2, asm.R1),
		asm.And.Imm(asm.R2, 0x7f),
		asm.JEq.Imm(asm.R2, 0, done),
		asm.Mov.Imm(asm.R3, cldKilled),
		asm.And.Imm(asm.R1, 0x80),
		asm.JEq.Imm(asm.R1, 0, done),
		asm.Mov.Imm(asm.R3, cldDumped),
		asm.Mov.Reg(dst, asm.R3).WithSymbol(done),
	}, nil
}

// cloneFlagGuard skips task_newtask firings that create a thread
// (process=true) or a process (process=false).
func cloneFlagGuard(evs []event, process bool) func(asm.Register, string) (asm.Instructions, error) {
	return func(ctx asm.Register, skip string) (asm.Instructions, error) {
		ld, err := loadEventField(ctx, asm.R0, evs, "clone_flags")
		if err != nil {
			return nil, err
		}
		if process {
			return append(ld, asm.JSet.Imm(asm.R0, unix.CLONE_THREAD, skip)), nil
		}
		return append(ld, asm.And.Imm(asm.R0, unix.CLONE_THREAD), asm.JEq.Imm(asm.R0, 0, skip)), nil
	}
}

// startGuard keeps the child's return from a fork-like call: ret == 0, and
// a new process (process=true: pid == tid) or a new thread.
func startGuard(evs []event, process bool) func(asm.Register, string) (asm.Instructions, error) {
	return func(ctx asm.Register, skip string) (asm.Instructions, error) {
		ld, err := loadEventField(ctx, asm.R0, evs, "ret")
		if err != nil {
			return nil, err
		}
		insns := append(ld, asm.JNE.Imm(asm.R0, 0, skip))
		return append(insns, newThreadCheck(process, skip)...), nil
	}
}

// newThreadCheck jumps to skip unless the current thread is a process's
// main thread (process=true: pid == tid) or another thread.
func newThreadCheck(process bool, skip string) asm.Instructions {
	insns := asm.Instructions{
		asm.FnGetCurrentPidTgid.Call(),
		asm.Mov.Reg(asm.R1, asm.R0),
		asm.RSh.Imm(asm.R1, 32),
		asm.Mov.Reg32(asm.R0, asm.R0),
	}
	if process {
		return append(insns, asm.JNE.Reg(asm.R0, asm.R1, skip))
	}
	return append(insns, asm.JEq.Reg(asm.R0, asm.R1, skip))
}

// knownCalls returns the numbers of the named system calls this kernel has
// and godtrace knows the numbers of, by name.
func (s *syscallProvider) knownCalls(names ...string) map[string]int {
	dir, err := kernel.Tracefs()
	if err != nil {
		return nil
	}
	out := make(map[string]int)
	for _, n := range names {
		nr, ok := syscallNumber(n)
		if ok && eventExists(dir, event{"syscalls", "sys_enter_" + n}) {
			out[n] = nr
		}
	}
	return out
}

// callGuard returns a guard for a raw_syscalls sys_enter (dir 0) or
// sys_exit (dir 1) program: skip unless the call is one of calls (and not
// a 32-bit task's), then the extra conditions.
func (s *syscallProvider) callGuard(dir int, calls map[string]int, extra func(ctx asm.Register, skip string) asm.Instructions) func(asm.Register, string) (asm.Instructions, error) {
	return func(ctx asm.Register, skip string) (asm.Instructions, error) {
		var insns asm.Instructions
		if s.compat >= 0 {
			insns = append(insns,
				asm.FnGetCurrentTaskBtf.Call(),
				asm.LoadMem(asm.R2, asm.R0, s.compat, asm.Word),
				asm.JSet.Imm(asm.R2, tsCompat, skip),
			)
		}
		if dir == 0 {
			insns = append(insns, asm.LoadMem(asm.R0, ctx, 8, asm.DWord)) // id
		} else {
			insns = append(insns, s.currentRegs()...)
			insns = append(insns, asm.LoadMem(asm.R0, asm.R0, s.origAx, asm.DWord))
		}
		ok := emit.Label("call_ok")
		nrs := make([]int, 0, len(calls))
		for _, nr := range calls {
			nrs = append(nrs, nr)
		}
		sort.Ints(nrs)
		for _, nr := range nrs {
			insns = append(insns, asm.JEq.Imm(asm.R0, int32(nr), ok))
		}
		insns = append(insns, asm.Ja.Label(skip), asm.Mov.Reg(asm.R0, asm.R0).WithSymbol(ok))
		if extra != nil {
			insns = append(insns, extra(ctx, skip)...)
		}
		return insns, nil
	}
}

// execPath emits dst = the path argument of execve (first) or execveat
// (second) at sys_enter.
func (s *syscallProvider) execPath(ctx, dst asm.Register) (asm.Instructions, error) {
	at, ok := syscallNumber("execveat")
	second, done := emit.Label("exec_at"), emit.Label("exec_done")
	insns := append(s.currentRegs(), asm.LoadMem(asm.R1, ctx, 8, asm.DWord))
	if ok {
		insns = append(insns, asm.JEq.Imm(asm.R1, int32(at), second))
	}
	return append(insns,
		asm.LoadMem(dst, asm.R0, s.regs[0], asm.DWord),
		asm.Ja.Label(done),
		asm.LoadMem(dst, asm.R0, s.regs[1], asm.DWord).WithSymbol(second),
		asm.Mov.Reg(dst, dst).WithSymbol(done),
	), nil
}
