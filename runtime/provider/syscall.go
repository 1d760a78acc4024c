// This file implements the syscall provider.
//
//	probe                          kernel event
//	syscall:vmlinux:NAME:entry     syscalls:sys_enter_NAME
//	syscall:vmlinux:NAME:return    syscalls:sys_exit_NAME
//
// One entry/return pair per event pair in tracefs events/syscalls (every
// Linux system call with a tracepoint). On entry, argN is the Nth field
// after __syscall_nr in the event's format file (offsets read from tracefs,
// never assumed); on return, arg0 and arg1 are both the return value and
// errno is −ret when the call failed (ret in −4095..−1).
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

package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/runtime/kernel"
)

// syscallAliases maps a Linux system call to the FreeBSD names it answers to.
var syscallAliases = map[string][]string{
	"exit_group": {"exit"},
	"openat":     {"open"},
	"clone":      {"fork"},
	"clone3":     {"fork"},
	"getdents64": {"getdirentries"},
}

type syscallProvider struct{}

func (*syscallProvider) name() string { return "syscall" }

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
	var names []string
	for _, e := range ents {
		if name, ok := strings.CutPrefix(e.Name(), "sys_enter_"); ok {
			if eventExists(dir, event{"syscalls", "sys_exit_" + name}) {
				names = append(names, name)
			}
		}
	}
	sort.Strings(names)
	for _, name := range names {
		for _, pn := range []string{"entry", "return"} {
			c.add(&Probe{
				Provider:    "syscall",
				Module:      "vmlinux",
				Function:    name,
				Name:        pn,
				ProgramType: ebpf.TracePoint,
				aliases:     syscallAliases[name],
				impl:        s,
			})
		}
	}
	return nil
}

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

func (*syscallProvider) loadArg(p *Probe, ctx asm.Register, n int, dst asm.Register) (asm.Instructions, error) {
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
	return loadField(ctx, dst, fields[n])
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
	zero, done := newLabel("errno_zero"), newLabel("errno_done")
	return asm.Instructions{
		asm.JSGE.Imm(dst, 0, zero),
		asm.JSLT.Imm(dst, -4095, zero),
		asm.Neg.Imm(dst, 0),
		asm.Ja.Label(done),
		asm.Mov.Imm(dst, 0).WithSymbol(zero),
		asm.Mov.Reg(dst, dst).WithSymbol(done),
	}
}

func (*syscallProvider) attach(p *Probe, prog *ebpf.Program) (Link, error) {
	return attachTracepoints(prog, []event{syscallEvent(p)})
}
