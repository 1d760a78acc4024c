// This file implements the dtrace provider.
//
//	probe                 fires                                  kernel mechanism
//	dtrace:::BEGIN  (1)   once, before any other probe            BPF_PROG_TEST_RUN of a raw
//	dtrace:::END    (2)   once, after every other probe           tracepoint program, from the
//	dtrace:::ERROR  (3)   when the session reports a clause fault session, in godtrace's thread
//
// DTrace fires BEGIN and END in the consumer's context, so pid, tid and
// execname are the tracer's own; BPF_PROG_TEST_RUN of a raw tracepoint
// program runs it synchronously in the calling thread on the current CPU,
// which gives exactly that. The program's context is the array of twelve
// uint64 values passed to Fire: argN is the Nth of them (ERROR's arg1–arg5
// are the faulting enabled-probe ID, clause, offset, fault type and value).
// Every helper clause code uses is allowed there (raw tracepoint programs
// get the tracing helpers: current task BTF pointer, pid/tgid, comm, ktime,
// ring buffer, maps).

package provider

import (
	"errors"
	"fmt"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
)

// fireArgs is the size, in uint64s, of a fired program's context (the
// kernel's MAX_BPF_FUNC_ARGS).
const fireArgs = 12

type dtraceProvider struct{}

func (*dtraceProvider) name() string { return "dtrace" }

func (*dtraceProvider) mayMatch(module, function, name string) bool {
	return Glob(module, "") && Glob(function, "") && anyGlob(name, "BEGIN", "END", "ERROR")
}

func (d *dtraceProvider) populate(c *Catalogue) error {
	for _, name := range []string{"BEGIN", "END", "ERROR"} {
		c.add(&Probe{
			Provider:    "dtrace",
			Name:        name,
			ProgramType: ebpf.RawTracepoint,
			impl:        d,
		})
	}
	return nil
}

func (*dtraceProvider) args(p *Probe) ([]Arg, error) {
	if p.Name == "ERROR" {
		return []Arg{{Type: "uint64_t"}, {Type: "uint64_t"}, {Type: "uint64_t"}, {Type: "uint64_t"}, {Type: "uint64_t"}, {Type: "uint64_t"}}, nil
	}
	return nil, nil
}

func (*dtraceProvider) loadArg(p *Probe, ctx asm.Register, n int, dst asm.Register) (asm.Instructions, error) {
	return asm.Instructions{asm.LoadMem(dst, ctx, int16(8*n), asm.DWord)}, nil
}

func (*dtraceProvider) guard(*Probe, asm.Register, string) (asm.Instructions, error) {
	return nil, nil
}

func (*dtraceProvider) errno(p *Probe, ctx, dst asm.Register) (asm.Instructions, error) {
	return zeroArg(dst), nil
}

func (*dtraceProvider) attach(p *Probe, prog *ebpf.Program) (Link, error) {
	if prog.Type() != ebpf.RawTracepoint {
		return nil, fmt.Errorf("program type %s, want %s", prog.Type(), ebpf.RawTracepoint)
	}
	return &FireLink{probe: p, prog: prog}, nil
}

// FireLink is the Link of a dtrace provider probe: nothing is attached in
// the kernel; Fire runs the clause program.
type FireLink struct {
	probe *Probe
	prog  *ebpf.Program
}

// Fire runs the probe's clause program once, synchronously, in the calling
// thread (so pid, tid and execname are godtrace's), with args as arg0,
// arg1, … (at most 12; the rest are 0). It returns the program's return
// value.
func (f *FireLink) Fire(args ...uint64) (uint32, error) {
	if f.prog == nil {
		return 0, errors.New("fire: link closed")
	}
	if len(args) > fireArgs {
		return 0, fmt.Errorf("fire %s: %d arguments, at most %d", f.probe, len(args), fireArgs)
	}
	ctx := make([]uint64, fireArgs)
	copy(ctx, args)
	ret, err := f.prog.Run(&ebpf.RunOptions{Context: ctx})
	if err != nil {
		return 0, fmt.Errorf("fire %s: %w", f.probe, err)
	}
	return ret, nil
}

// Close forgets the program (the caller owns and closes it).
func (f *FireLink) Close() error {
	f.prog = nil
	return nil
}
