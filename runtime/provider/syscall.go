// This file implements the syscall provider.
//
//	probe                          kernel event
//	syscall:vmlinux:NAME:entry     raw tracepoint sys_enter, dispatched on the call number
//	syscall:vmlinux:NAME:return    raw tracepoint sys_exit, dispatched on orig_ax
//	                               (fallback: syscalls:sys_enter_NAME / sys_exit_NAME)
//
// One entry/return pair per event pair in tracefs events/syscalls (every
// Linux system call with a tracepoint). Where godtrace knows the call's
// number (x86-64: sysnum_amd64.go), the clause program is a raw tracepoint
// program that is never attached itself: one dispatcher program per
// direction, attached once to raw_syscalls' sys_enter or sys_exit,
// tail-calls it through a program array indexed by the call number. This makes a wide description such as
// syscall:::entry cheap to arm and to disarm (closing one syscalls:*
// tracepoint link takes 30–80 ms, so 360 of them take over 10 s; the
// dispatcher's link closes in under a millisecond), and costs one raw
// tracepoint run (~90 ns, less than a syscalls:* tracepoint's) per system
// call while any syscall probe is enabled. argN is the Nth argument
// register (di, si, dx, r10, r8, r9; offsets from BTF) of the registers
// saved at entry (bpf_task_pt_regs of the current task), for the N
// arguments the call's format file declares; on return arg0 and arg1 are the return
// value, and errno is −ret when the call failed (ret in −4095..−1).
// Without a number the probe uses the call's own tracepoints, reading
// arguments at the offsets of the format file. System calls of 32-bit
// (ia32) tasks, which have other numbers, are not dispatched (the
// dispatcher tests the task's TS_COMPAT status bit), as the syscalls:*
// tracepoints do not fire for them either.
//
// FreeBSD names used by DTrace scripts are kept as aliases of the Linux
// call they became; a probe description's function field matches either,
// and probefunc is always the Linux name:
//
//	FreeBSD name      Linux probes answering to it
//	exit              exit_group (and exit, by its own name)
//	open              openat (and open)
//	fork              clone, clone3 (and fork)
//	getdirentries     getdents64
//	stat, lstat,      newstat, newlstat, newfstat
//	fstat
//	uname             newuname

package provider

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/link"

	"github.com/godtrace/godtrace/compiler/emit"
	"github.com/godtrace/godtrace/runtime/kernel"
)

// syscallAliases maps a Linux system call to the FreeBSD names it answers to.
var syscallAliases = map[string][]string{
	"exit_group": {"exit"},
	"openat":     {"open"},
	"clone":      {"fork"},
	"clone3":     {"fork"},
	"getdents64": {"getdirentries"},
	"newstat":    {"stat"},
	"newlstat":   {"lstat"},
	"newfstat":   {"fstat"},
	"newuname":   {"uname"},
}

// syscallTracefsNames maps tracepoint names that differ from the unistd
// names to the latter.
var syscallTracefsNames = map[string]string{
	"newfstat":   "fstat",
	"newlstat":   "lstat",
	"newstat":    "stat",
	"newuname":   "uname",
	"sendfile64": "sendfile",
	"umount":     "umount2",
}

// tracepointsOnly makes syscallNumber know no number, as on architectures
// without a table (tests use it to exercise the tracepoint fallbacks).
var tracepointsOnly bool

// syscallNumber returns the call's number, if known.
func syscallNumber(name string) (int, bool) {
	if tracepointsOnly {
		return 0, false
	}
	if n, ok := syscallTracefsNames[name]; ok {
		name = n
	}
	nr, ok := syscallNumbers[name]
	return nr, ok
}

type syscallProvider struct {
	mu   sync.Mutex
	disp [2]*dispatcher // entry, return

	// The register layout, from BTF, resolved on first use (layout):
	// only dispatched probes and the proc provider's raw_syscalls probes
	// need it.
	layoutOnce sync.Once
	layoutErr  error
	// regs are the pt_regs offsets of the argument registers and orig_ax.
	regs   [6]int16
	origAx int16
	// compat is the offset of task_struct.thread_info.status, whose
	// TS_COMPAT bit marks a 32-bit (ia32) system call, numbered
	// differently; -1 when the kernel has no such field.
	compat int16
}

// tsCompat is x86's TS_COMPAT thread status bit (asm/thread_info.h).
const tsCompat = 0x0002

func (*syscallProvider) name() string { return "syscall" }

func (*syscallProvider) mayMatch(module, function, name string) bool {
	return Glob(module, "vmlinux") && anyGlob(name, "entry", "return")
}

// layout resolves, once, the BTF offsets the dispatcher and dispatched
// probes need; an error means the calls cannot be dispatched (e.g.
// another architecture, or no BTF).
func (s *syscallProvider) layout() error {
	s.layoutOnce.Do(func() {
		for i, r := range []string{"di", "si", "dx", "r10", "r8", "r9", "orig_ax"} {
			off, err := kernel.Offset("pt_regs", r)
			if err != nil {
				s.layoutErr = err
				return
			}
			if i < 6 {
				s.regs[i] = int16(off)
			} else {
				s.origAx = int16(off)
			}
		}
		s.compat = -1
		if off, err := kernel.Offset("task_struct", "thread_info.status"); err == nil {
			s.compat = int16(off)
		}
	})
	return s.layoutErr
}

// populate lists the calls from one read of tracefs' events/syscalls
// directory; no format file and no BTF is read until a probe is used.
func (s *syscallProvider) populate(c *Catalogue) error {
	dir, err := kernel.Tracefs()
	if err != nil {
		return err
	}
	ents, err := os.ReadDir(filepath.Join(dir, "events", "syscalls"))
	if err != nil {
		if os.IsNotExist(err) {
			return nil // CONFIG_FTRACE_SYSCALLS off: no syscall probes
		}
		return fmt.Errorf("list system call tracepoints: %w", err)
	}
	exits := make(map[string]bool, len(ents)/2)
	for _, e := range ents {
		if name, ok := strings.CutPrefix(e.Name(), "sys_exit_"); ok {
			exits[name] = true
		}
	}
	var names []string
	for _, e := range ents {
		if name, ok := strings.CutPrefix(e.Name(), "sys_enter_"); ok && exits[name] {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		_, known := syscallNumber(name)
		for _, pn := range []string{"entry", "return"} {
			p := &Probe{
				Provider:    "syscall",
				Module:      "vmlinux",
				Function:    name,
				Name:        pn,
				ProgramType: ebpf.TracePoint,
				aliases:     syscallAliases[name],
				impl:        s,
			}
			if known {
				p.ProgramType = ebpf.RawTracepoint
				p.dispatchable = true
			}
			c.add(p)
		}
	}
	return nil
}

// narrowSyscalls is the most system call probes one description may match and still
// have each attached to its call's own syscalls:* tracepoint. Such a narrow enabling
// (`syscall::read:entry`, `syscall::exit:entry`) costs nothing to the calls it does not
// name — what the lab's probe-effect measurements need — and closes its few links
// concurrently; a wide one (`syscall:::entry`, `syscall::*read*:`) goes through the
// raw_syscalls dispatcher, which arms and detaches hundreds of probes in milliseconds but
// charges every system call in the system about 90 ns while it is attached.
const narrowSyscalls = 8

// chooseSyscallMechanism sets, for the dispatchable system call probes among ps (n of
// them), whether their programs are tail-called by the dispatcher or attached to their
// own tracepoints. A probe matched by several descriptions takes the last decision;
// both mechanisms are complete, so a mix is correct.
func chooseSyscallMechanism(ps []*Probe, n int) {
	for _, p := range ps {
		if !p.dispatchable {
			continue
		}
		if n <= narrowSyscalls || p.impl.(*syscallProvider).layout() != nil {
			p.ProgramType = ebpf.TracePoint
		} else {
			p.ProgramType = ebpf.RawTracepoint
		}
	}
}

// dispatched reports whether the probe's program is tail-called by a
// dispatcher rather than attached to the call's own tracepoint.
func dispatched(p *Probe) bool { return p.ProgramType == ebpf.RawTracepoint }

func syscallEvent(p *Probe) event {
	if p.Name == "entry" {
		return event{"syscalls", "sys_enter_" + p.Function}
	}
	return event{"syscalls", "sys_exit_" + p.Function}
}

// syscallArgs returns the argument fields of an entry event.
func syscallArgs(p *Probe) ([]field, error) {
	f, err := readFormat(syscallEvent(p))
	if err != nil {
		return nil, err
	}
	var out []field
	for _, fl := range f.Fields {
		if fl.Name != "__syscall_nr" {
			out = append(out, fl)
		}
	}
	return out, nil
}

func (*syscallProvider) args(p *Probe) ([]Arg, error) {
	fields, err := syscallArgs(p)
	if err != nil {
		return nil, err
	}
	if p.Name == "return" {
		return []Arg{{Type: "long"}, {Type: "long"}}, nil
	}
	args := make([]Arg, len(fields))
	for i, fl := range fields {
		args[i] = Arg{Type: fl.Type, User: strings.Contains(fl.Type, "*")}
	}
	return args, nil
}

func (s *syscallProvider) loadArg(p *Probe, ctx asm.Register, n int, dst asm.Register) (asm.Instructions, error) {
	fields, err := syscallArgs(p)
	if err != nil {
		return nil, err
	}
	if p.Name == "return" {
		if n > 1 {
			return zeroArg(dst), nil
		}
		n = 0 // arg0 and arg1 are both the return value
	}
	if n >= len(fields) {
		return zeroArg(dst), nil
	}
	if !dispatched(p) {
		return loadField(ctx, dst, fields[n])
	}
	if p.Name == "return" {
		// raw tracepoint sys_exit(struct pt_regs *regs, long ret)
		return asm.Instructions{asm.LoadMem(dst, ctx, 8, asm.DWord)}, nil
	}
	if n >= len(s.regs) {
		return zeroArg(dst), nil
	}
	if err := s.layout(); err != nil {
		return nil, err
	}
	// The raw tracepoint's regs argument is an untyped pointer here; the
	// same registers, typed, come from bpf_task_pt_regs(current).
	return append(s.currentRegs(), asm.LoadMem(dst, asm.R0, s.regs[n], asm.DWord)), nil
}

// currentRegs emits R0 = bpf_task_pt_regs(bpf_get_current_task_btf()),
// the user registers saved at system call entry, a BTF pointer.
func (s *syscallProvider) currentRegs() asm.Instructions {
	return asm.Instructions{
		asm.FnGetCurrentTaskBtf.Call(),
		asm.Mov.Reg(asm.R1, asm.R0),
		asm.FnTaskPtRegs.Call(),
	}
}

func (*syscallProvider) guard(*Probe, asm.Register, string) (asm.Instructions, error) {
	return nil, nil
}

func (*syscallProvider) errno(p *Probe, ctx, dst asm.Register) (asm.Instructions, error) {
	if p.Name != "return" {
		return zeroArg(dst), nil
	}
	fields, err := syscallArgs(p)
	if err != nil {
		return nil, err
	}
	if dispatched(p) {
		return append(asm.Instructions{asm.LoadMem(dst, ctx, 8, asm.DWord)}, errnoOf(dst)...), nil
	}
	if len(fields) == 0 {
		return nil, fmt.Errorf("%s has no return value field", syscallEvent(p))
	}
	ld, err := loadField(ctx, dst, fields[0])
	if err != nil {
		return nil, err
	}
	return append(ld, errnoOf(dst)...), nil
}

// errnoOf turns the return value in dst into an errno: −dst for
// −4095..−1, else 0.
func errnoOf(dst asm.Register) asm.Instructions {
	zero, done := emit.Label("errno_zero"), emit.Label("errno_done")
	return asm.Instructions{
		asm.JSGE.Imm(dst, 0, zero),
		asm.JSLT.Imm(dst, -4095, zero),
		asm.Neg.Imm(dst, 0),
		asm.Ja.Label(done),
		asm.Mov.Imm(dst, 0).WithSymbol(zero),
		asm.Mov.Reg(dst, dst).WithSymbol(done),
	}
}

func (s *syscallProvider) attach(p *Probe, prog *ebpf.Program) (Link, error) {
	if !dispatched(p) {
		return attachTracepoints(prog, []event{syscallEvent(p)})
	}
	if err := s.layout(); err != nil {
		return nil, err
	}
	nr, _ := syscallNumber(p.Function)
	dir := 0
	if p.Name == "return" {
		dir = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.disp[dir]
	if d == nil {
		var err error
		if d, err = s.newDispatcher(dir); err != nil {
			return nil, err
		}
		s.disp[dir] = d
	}
	if d.used[uint32(nr)] {
		return nil, errors.New("a program is already attached")
	}
	if err := d.arr.Update(uint32(nr), prog, ebpf.UpdateAny); err != nil {
		if d.users == 0 {
			d.close()
			s.disp[dir] = nil
		}
		return nil, fmt.Errorf("add to the %s dispatcher: %w", p.AttachTo, err)
	}
	d.users++
	d.used[uint32(nr)] = true
	return &syscallLink{s: s, dir: dir, nr: uint32(nr)}, nil
}

// maxSyscalls bounds the dispatchers' program arrays.
const maxSyscalls = 1024

// dispatcher is the program, attached to sys_enter or sys_exit, that
// tail-calls the enabled probe of the current system call.
type dispatcher struct {
	arr   *ebpf.Map
	prog  *ebpf.Program
	lnk   link.Link
	users int
	used  map[uint32]bool // table entries in use
}

func (s *syscallProvider) newDispatcher(dir int) (_ *dispatcher, err error) {
	tp := []string{"sys_enter", "sys_exit"}[dir]
	d := &dispatcher{used: make(map[uint32]bool)}
	defer func() {
		if err != nil {
			d.close()
		}
	}()
	d.arr, err = ebpf.NewMap(&ebpf.MapSpec{Name: "godtrace_" + tp, Type: ebpf.ProgramArray, KeySize: 4, ValueSize: 4, MaxEntries: maxSyscalls})
	if err != nil {
		return nil, fmt.Errorf("create %s dispatch table: %w", tp, err)
	}
	nr := asm.Instructions{asm.Mov.Reg(asm.R6, asm.R1)}
	if s.compat >= 0 {
		// A 32-bit task's calls have other numbers: not ours.
		nr = append(nr,
			asm.FnGetCurrentTaskBtf.Call(),
			asm.LoadMem(asm.R2, asm.R0, s.compat, asm.Word),
			asm.JSet.Imm(asm.R2, tsCompat, "out"),
		)
	}
	if dir == 0 {
		// sys_enter(struct pt_regs *regs, long id)
		nr = append(nr, asm.LoadMem(asm.R3, asm.R6, 8, asm.DWord))
	} else {
		// sys_exit(struct pt_regs *regs, long ret): the number is orig_ax.
		nr = append(nr, s.currentRegs()...)
		nr = append(nr, asm.LoadMem(asm.R3, asm.R0, s.origAx, asm.DWord))
	}
	nr = append(nr, asm.Mov.Reg(asm.R1, asm.R6))
	insns := append(nr,
		asm.JGE.Imm(asm.R3, maxSyscalls, "out"),
		asm.LoadMapPtr(asm.R2, 0).WithReference("table"),
		asm.FnTailCall.Call(),
		asm.Mov.Imm(asm.R0, 0).WithSymbol("out"),
		asm.Return(),
	)
	if err := insns.AssociateMap("table", d.arr); err != nil {
		return nil, err
	}
	d.prog, err = ebpf.NewProgram(&ebpf.ProgramSpec{
		Name:         "godtrace_" + tp,
		Type:         ebpf.RawTracepoint,
		Instructions: insns,
		License:      "GPL",
	})
	if err != nil {
		return nil, fmt.Errorf("load %s dispatcher: %w", tp, err)
	}
	d.lnk, err = link.AttachRawTracepoint(link.RawTracepointOptions{Name: tp, Program: d.prog})
	if err != nil {
		return nil, fmt.Errorf("attach %s dispatcher: %w", tp, err)
	}
	return d, nil
}

func (d *dispatcher) close() error {
	var errs []error
	if d.lnk != nil {
		errs = append(errs, d.lnk.Close())
	}
	if d.prog != nil {
		errs = append(errs, d.prog.Close())
	}
	if d.arr != nil {
		errs = append(errs, d.arr.Close())
	}
	return errors.Join(errs...)
}

// syscallLink is a probe's entry in a dispatcher's table.
type syscallLink struct {
	s      *syscallProvider
	dir    int
	nr     uint32
	closed bool
}

// Close removes the probe's program from the table, and closes the
// dispatcher with the last one.
func (l *syscallLink) Close() error {
	l.s.mu.Lock()
	defer l.s.mu.Unlock()
	if l.closed {
		return nil
	}
	l.closed = true
	d := l.s.disp[l.dir]
	err := d.arr.Delete(l.nr)
	delete(d.used, l.nr)
	if d.users--; d.users == 0 {
		err = errors.Join(err, d.close())
		l.s.disp[l.dir] = nil
	}
	return err
}
