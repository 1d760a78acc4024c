// This file implements the profile provider: tick-N and profile-N probes,
// created on demand when a description names them literally.
//
//	probe                  kernel mechanism
//	profile:::tick-N       godtrace fires the program every N with
//	                       BPF_PROG_TEST_RUN (raw tracepoint program), from
//	                       a goroutine of its own: one CPU, exact period
//	profile:::profile-N    a software cpu-clock perf event of period N on
//	                       every online CPU (perf_event program, BPF link);
//	                       fires only while the CPU is busy
//
// A software perf event does not fire on an idle vCPU here, and a bpf_timer
// would need the clause code to live in the timer's callback, so tick-N is
// fired from user space: like BEGIN, it runs in godtrace's context (pid and
// execname are godtrace's; DTrace's tick probes fire in whatever context
// the interrupt found). profile-N fires in the context of the thread it
// interrupts; arg0 is the kernel PC (0 in user mode), arg1 the user PC
// (0 in kernel mode), as in DTrace.

package provider

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/link"
	"golang.org/x/sys/unix"

	"github.com/godtrace/godtrace/compiler/emit"
	"github.com/godtrace/godtrace/runtime/kernel"
)

type profileProvider struct{}

func (*profileProvider) name() string { return "profile" }

func (*profileProvider) populate(*Catalogue) error { return nil }

// mayMatch is false: profile probes exist only once demanded.
func (*profileProvider) mayMatch(module, function, name string) bool { return false }

// profileUnits are DTrace's time suffixes for profile probe names.
var profileUnits = map[string]time.Duration{
	"ns": time.Nanosecond, "nsec": time.Nanosecond,
	"us": time.Microsecond, "usec": time.Microsecond,
	"ms": time.Millisecond, "msec": time.Millisecond,
	"s": time.Second, "sec": time.Second,
	"m": time.Minute, "min": time.Minute,
	"h": time.Hour, "hour": time.Hour,
	"d": 24 * time.Hour, "day": 24 * time.Hour,
}

// ParseProfileName parses tick-N[unit] or profile-N[unit]; a bare N or the
// suffix hz is a rate per second. It returns the kind ("tick" or
// "profile") and the period.
func ParseProfileName(name string) (kind string, period time.Duration, err error) {
	kind, spec, ok := strings.Cut(name, "-")
	if !ok || (kind != "tick" && kind != "profile") || spec == "" {
		return "", 0, fmt.Errorf("%q is not a tick-N or profile-N probe name", name)
	}
	i := 0
	for i < len(spec) && spec[i] >= '0' && spec[i] <= '9' {
		i++
	}
	n, err := strconv.ParseUint(spec[:i], 10, 63)
	if err != nil || n == 0 {
		return "", 0, fmt.Errorf("probe name %q: bad number", name)
	}
	unit := spec[i:]
	if unit == "" || unit == "hz" {
		return kind, time.Second / time.Duration(n), nil
	}
	u, ok := profileUnits[unit]
	if !ok {
		return "", 0, fmt.Errorf("probe name %q: unknown unit %q", name, unit)
	}
	return kind, time.Duration(n) * u, nil
}

func (pp *profileProvider) demand(c *Catalogue, module, function, name string) (*Probe, error) {
	if module != "" || function != "" {
		return nil, nil
	}
	kind, period, err := ParseProfileName(name)
	if err != nil {
		return nil, nil // not a profile name: nothing to create
	}
	// The static providers before this one take their IDs first, so
	// that theirs are those of a full listing whatever the script's
	// order (Load).
	for i, pr := range c.providers {
		if pr == provider(pp) {
			if err := c.populateTo(i); err != nil {
				return nil, err
			}
		}
	}
	for _, p := range c.probes {
		if p.Provider == "profile" && p.Name == name {
			return p, nil
		}
	}
	if kind == "tick" {
		return c.add(&Probe{
			Provider:    "profile",
			Name:        name,
			ProgramType: ebpf.RawTracepoint,
			impl:        &tickProbe{period: period},
		}), nil
	}
	ip, err := kernel.Offset("pt_regs", "ip")
	if err != nil {
		return nil, err
	}
	cs, err := kernel.Offset("pt_regs", "cs")
	if err != nil {
		return nil, err
	}
	return c.add(&Probe{
		Provider:    "profile",
		Name:        name,
		ProgramType: ebpf.PerfEvent,
		impl:        &profileProbe{period: period, ip: int16(ip), cs: int16(cs)},
	}), nil
}

// tickProbe is a tick-N probe.
type tickProbe struct {
	period time.Duration
}

func (*tickProbe) args(*Probe) ([]Arg, error) {
	return []Arg{{Type: "uint64_t"}, {Type: "uint64_t"}}, nil
}

// loadArg: the context is the zeroed argument array of the test run: the
// PCs DTrace would give are unknown (0).
func (*tickProbe) loadArg(p *Probe, ctx asm.Register, n int, dst asm.Register) (asm.Instructions, error) {
	return zeroArg(dst), nil
}

func (*tickProbe) guard(*Probe, asm.Register, string) (asm.Instructions, error) { return nil, nil }

func (*tickProbe) errno(p *Probe, ctx, dst asm.Register) (asm.Instructions, error) {
	return zeroArg(dst), nil
}

func (t *tickProbe) attach(p *Probe, prog *ebpf.Program) (Link, error) {
	if prog.Type() != ebpf.RawTracepoint {
		return nil, fmt.Errorf("program type %s, want %s", prog.Type(), ebpf.RawTracepoint)
	}
	l := &tickLink{stop: make(chan struct{}), done: make(chan struct{})}
	go l.run(p, prog, t.period)
	return l, nil
}

// tickLink fires a tick probe's program until closed.
type tickLink struct {
	stop, done chan struct{}
	once       sync.Once
	err        error
}

func (l *tickLink) run(p *Probe, prog *ebpf.Program, period time.Duration) {
	defer close(l.done)
	ctx := make([]uint64, fireArgs)
	tm := time.NewTimer(period)
	defer tm.Stop()
	start := time.Now()
	fired := int64(0)
	for {
		select {
		case <-l.stop:
			return
		case <-tm.C:
		}
		// Fire once per period elapsed, catching up after a delay (as
		// DTrace's cyclics do) rather than dropping ticks.
		due := int64(time.Since(start) / period)
		for ; fired < due; fired++ {
			if _, err := prog.Run(&ebpf.RunOptions{Context: ctx}); err != nil {
				l.err = fmt.Errorf("fire %s: %w", p, err)
				return
			}
		}
		tm.Reset(time.Until(start.Add(time.Duration(fired+1) * period)))
	}
}

// Close stops the ticks; it returns the error that stopped them early, if
// any. The program is not closed.
func (l *tickLink) Close() error {
	l.once.Do(func() { close(l.stop) })
	<-l.done
	return l.err
}

// profileProbe is a profile-N probe.
type profileProbe struct {
	period time.Duration
	ip, cs int16 // pt_regs offsets in the perf_event context
}

func (*profileProbe) args(*Probe) ([]Arg, error) {
	return []Arg{{Type: "uint64_t"}, {Type: "uint64_t"}}, nil
}

// loadArg: arg0 = kernel PC or 0, arg1 = user PC or 0 (user mode when the
// saved CS has a non-zero privilege level).
func (pp *profileProbe) loadArg(p *Probe, ctx asm.Register, n int, dst asm.Register) (asm.Instructions, error) {
	if n > 1 {
		return zeroArg(dst), nil
	}
	zero, done := emit.Label("pc_zero"), emit.Label("pc_done")
	user := asm.JEq // arg1: zero when in kernel mode
	if n == 0 {
		user = asm.JNE // arg0: zero when in user mode
	}
	return asm.Instructions{
		asm.LoadMem(asm.R0, ctx, pp.cs, asm.DWord),
		asm.And.Imm(asm.R0, 3),
		user.Imm(asm.R0, 0, zero),
		asm.LoadMem(dst, ctx, pp.ip, asm.DWord),
		asm.Ja.Label(done),
		asm.Mov.Imm(dst, 0).WithSymbol(zero),
		asm.Mov.Reg(dst, dst).WithSymbol(done),
	}, nil
}

func (*profileProbe) guard(*Probe, asm.Register, string) (asm.Instructions, error) { return nil, nil }

func (*profileProbe) errno(p *Probe, ctx, dst asm.Register) (asm.Instructions, error) {
	return zeroArg(dst), nil
}

func (pp *profileProbe) attach(p *Probe, prog *ebpf.Program) (Link, error) {
	cpus, err := kernel.OnlineCPUs()
	if err != nil {
		return nil, err
	}
	var ls multiLink
	for _, cpu := range cpus {
		attr := unix.PerfEventAttr{
			Type:   unix.PERF_TYPE_SOFTWARE,
			Config: unix.PERF_COUNT_SW_CPU_CLOCK,
			Size:   uint32(unsafe.Sizeof(unix.PerfEventAttr{})),
			Sample: uint64(pp.period.Nanoseconds()),
		}
		fd, err := unix.PerfEventOpen(&attr, -1, cpu, -1, unix.PERF_FLAG_FD_CLOEXEC)
		if err != nil {
			ls.Close()
			return nil, fmt.Errorf("open cpu-clock perf event on CPU %d: %w", cpu, err)
		}
		rl, err := link.AttachRawLink(link.RawLinkOptions{Target: fd, Program: prog, Attach: ebpf.AttachPerfEvent})
		if err != nil {
			unix.Close(fd)
			ls.Close()
			return nil, fmt.Errorf("attach to the perf event on CPU %d: %w", cpu, err)
		}
		ls = append(ls, &perfLink{rl: rl, fd: fd})
	}
	return ls, nil
}

// perfLink is a BPF link to a perf event, owning the event's descriptor.
type perfLink struct {
	rl *link.RawLink
	fd int
}

func (l *perfLink) Close() error {
	err := l.rl.Close()
	if cerr := unix.Close(l.fd); err == nil {
		err = cerr
	}
	return err
}
