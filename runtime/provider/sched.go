// This file implements the sched provider on the scheduler's tracepoints,
// as tp_btf programs (BTF-typed raw tracepoints: the task_struct pointers
// they receive are read directly).
//
//	probe     kernel event                         fires in                guard; args
//	off-cpu   sched_switch(preempt, prev, next,    prev, about to leave    (every switch); args[0] = next's tid,
//	          prev_state)                          the CPU                 args[1] = next's pid
//	sleep     sched_switch                         prev, about to sleep    !preempt && prev_state != TASK_RUNNING
//	                                                                       && !(prev_state & TASK_DEAD)
//	preempt   sched_switch                         prev, switched out      preempt || prev_state == TASK_RUNNING
//	                                               while runnable
//	wakeup    sched_waking(p)                      the waker               args[0] = woken tid, args[1] = woken pid
//	on-cpu    none: see below
//
// DTrace passes lwpsinfo_t/psinfo_t pointers where these pass the tid and
// pid (as the proc provider does; docs/linux-differences.md). preempt
// covers preemption in the kernel (preempt) and at the return to user
// space after a tick (a schedule() with the thread still TASK_RUNNING),
// and also sched_yield, which Linux does not tell apart. sleep
// excludes a task whose blocking was cancelled by a pending signal (the
// scheduler then reports TASK_RUNNING) and an exiting task's last switch.
// wakeup is sched_waking rather than sched_wakeup: sched_waking fires at
// the start of try_to_wake_up in the waker's context (or the interrupted
// thread's, for a wakeup from an interrupt), once the wakeup is certain;
// sched_wakeup may run on the woken task's CPU from an IPI, in whatever
// thread is running there.
//
// on-cpu is not provided: Linux has no event in the context of the thread
// that has just come on CPU (sched_switch runs before the switch, in the
// outgoing thread; finish_task_switch is not a tracepoint and fentry is
// refused here), and emulating it on sched_switch would give the clause
// the outgoing thread's pid, execname, self-> variables and stack. A
// description naming it fails with the reason (MissingProbe).
//
// A tp_btf program loaded with ebpf.NewProgram parses the kernel's BTF
// (~25 ms); load them with kernel.Cache (runtime/session does: the four
// sched probes enabled together start in 30 ms rather than 100).

package provider

import (
	"fmt"
	"sync"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/link"

	"github.com/godtrace/godtrace/compiler/emit"
	"github.com/godtrace/godtrace/runtime/kernel"
)

// Linux task states (include/linux/sched.h).
const (
	taskRunning = 0x0000
	taskDead    = 0x0080
)

type schedProvider struct{}

func (*schedProvider) name() string { return "sched" }

// schedNames are the sched provider's probe names, in catalogue order.
var schedNames = []string{"off-cpu", "sleep", "preempt", "wakeup"}

func (*schedProvider) mayMatch(module, function, name string) bool {
	return Glob(module, "vmlinux") && Glob(function, "") && anyGlob(name, schedNames...)
}

func (sp *schedProvider) populate(c *Catalogue) error {
	dir, err := kernel.Tracefs()
	if err != nil {
		return err
	}
	for _, name := range schedNames {
		tp := "sched_switch"
		if name == "wakeup" {
			tp = "sched_waking"
		}
		if !eventExists(dir, event{"sched", tp}) {
			continue
		}
		c.add(&Probe{Provider: "sched", Module: "vmlinux", Name: name,
			ProgramType: ebpf.Tracing, AttachType: ebpf.AttachTraceRawTp, AttachTo: tp,
			impl: &schedProbe{tp: tp, name: name}})
	}
	return nil
}

// schedProbe is one sched probe on a tp_btf program.
type schedProbe struct {
	tp   string // tracepoint
	name string // probe name
}

// schedOffsets are the task_struct offsets the sched provider reads.
var schedOffsets = sync.OnceValues(func() (map[string]uint32, error) {
	m := make(map[string]uint32)
	for _, f := range []string{"pid", "tgid"} {
		off, err := kernel.Offset("task_struct", f)
		if err != nil {
			return nil, err
		}
		m[f] = off
	}
	return m, nil
})

// param emits dst = the tracepoint parameter of that name.
// sched_waking's only parameter, p, is read at index 0 without BTF: the
// event is defined from a template (sched_wakeup_template), whose
// __bpf_trace_ function is the template's.
func (s *schedProbe) param(ctx, dst asm.Register, name string) (asm.Instructions, error) {
	i := 0
	if s.tp != "sched_waking" {
		var err error
		if i, err = kernel.TracepointParam(s.tp, name); err != nil {
			return nil, err
		}
	}
	return asm.Instructions{asm.LoadMem(dst, ctx, int16(8*i), asm.DWord)}, nil
}

func (s *schedProbe) args(*Probe) ([]Arg, error) {
	if s.name == "sleep" || s.name == "preempt" {
		return nil, nil
	}
	return []Arg{{Type: "pid_t"}, {Type: "pid_t"}}, nil
}

// loadArg emits dst = the tid (arg0) or pid (arg1) of sched_switch's next
// (off-cpu) or sched_waking's p (wakeup).
func (s *schedProbe) loadArg(p *Probe, ctx asm.Register, n int, dst asm.Register) (asm.Instructions, error) {
	if (s.name != "off-cpu" && s.name != "wakeup") || n > 1 {
		return zeroArg(dst), nil
	}
	task := "next"
	if s.name == "wakeup" {
		task = "p"
	}
	offs, err := schedOffsets()
	if err != nil {
		return nil, err
	}
	field := "pid"
	if n == 1 {
		field = "tgid"
	}
	ld, err := s.param(ctx, dst, task)
	if err != nil {
		return nil, err
	}
	return append(ld, asm.LoadMem(dst, dst, int16(offs[field]), asm.Word)), nil
}

func (s *schedProbe) guard(p *Probe, ctx asm.Register, skip string) (asm.Instructions, error) {
	switch s.name {
	case "sleep":
		pre, err := s.param(ctx, asm.R0, "preempt")
		if err != nil {
			return nil, err
		}
		st, err := s.param(ctx, asm.R1, "prev_state")
		if err != nil {
			return nil, err
		}
		insns := append(pre, asm.And.Imm(asm.R0, 0xff), asm.JNE.Imm(asm.R0, 0, skip))
		insns = append(insns, st...)
		return append(insns,
			asm.Mov.Reg32(asm.R1, asm.R1),
			asm.JEq.Imm(asm.R1, taskRunning, skip),
			asm.JSet.Imm(asm.R1, taskDead, skip),
		), nil
	case "preempt":
		pre, err := s.param(ctx, asm.R0, "preempt")
		if err != nil {
			return nil, err
		}
		st, err := s.param(ctx, asm.R1, "prev_state")
		if err != nil {
			return nil, err
		}
		keep := emit.Label("preempted")
		insns := append(pre, asm.And.Imm(asm.R0, 0xff), asm.JNE.Imm(asm.R0, 0, keep))
		insns = append(insns, st...)
		return append(insns,
			asm.Mov.Reg32(asm.R1, asm.R1),
			asm.JNE.Imm(asm.R1, taskRunning, skip),
			asm.Mov.Reg(asm.R0, asm.R0).WithSymbol(keep),
		), nil
	}
	return nil, nil
}

func (s *schedProbe) errno(p *Probe, ctx, dst asm.Register) (asm.Instructions, error) {
	return zeroArg(dst), nil
}

func (s *schedProbe) attach(p *Probe, prog *ebpf.Program) (Link, error) {
	l, err := link.AttachTracing(link.TracingOptions{Program: prog, AttachType: ebpf.AttachTraceRawTp})
	if err != nil {
		return nil, fmt.Errorf("attach tp_btf %s: %w", s.tp, err)
	}
	return l, nil
}
