// This file implements the fbt provider.
//
//	probe                       kernel mechanism
//	fbt:vmlinux:FUNC:entry      kprobe on FUNC (or fentry)
//	fbt:vmlinux:FUNC:return     kretprobe on FUNC (or fexit)
//
// Function boundary tracing needs kprobes (CONFIG_KPROBE_EVENTS, seen as
// tracefs kprobe_events) or BPF fentry/fexit programs. Load detects both;
// where neither is allowed (as on the course's kernel: kprobes compiled
// out, fentry loads refused), the provider has no probes and a probe
// description naming it fails with the reason. Where kprobes exist, the
// probes are the functions of available_filter_functions; argN is the Nth
// argument register (x86-64 ABI) read from pt_regs at offsets from BTF.

package provider

import (
	"bufio"
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

	"github.com/godtrace/godtrace/runtime/kernel"
)

type fbtProvider struct {
	// noKprobes: tracefs has no kprobe_events. godtrace attaches fbt
	// probes through kprobes only, so there are no probes; why (whether
	// fentry would be allowed) is worked out only when a description
	// names fbt (probing fentry loads the kernel's BTF).
	noKprobes  bool
	reasonOnce sync.Once
	reason     error    // why fbt is unavailable; nil when available
	regs       []uint32 // pt_regs offsets of di, si, dx, cx, r8, r9
	ret        uint32   // pt_regs offset of ax
}

func (*fbtProvider) name() string { return "fbt" }

func (*fbtProvider) mayMatch(module, function, name string) bool {
	return Glob(module, "vmlinux") && anyGlob(name, "entry", "return")
}

func (f *fbtProvider) unavailable() error {
	if f.noKprobes {
		f.reasonOnce.Do(func() {
			why := "kprobes: no kprobe_events in tracefs (CONFIG_KPROBE_EVENTS off)"
			if err := probeFentry(); err != nil {
				f.reason = fmt.Errorf("fbt provider requires kprobes or fentry, which this kernel does not allow: %s; fentry: %s", why, err)
			} else {
				// fentry alone would do, but godtrace attaches fbt
				// through kprobes only so far.
				f.reason = fmt.Errorf("fbt provider requires kprobes, which this kernel does not have (%s); fentry is not used by godtrace yet", why)
			}
		})
	}
	return f.reason
}

func (f *fbtProvider) populate(c *Catalogue) error {
	dir, err := kernel.Tracefs()
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, "kprobe_events")); err != nil {
		f.noKprobes = true
		return nil
	}
	for i, r := range []string{"di", "si", "dx", "cx", "r8", "r9", "ax"} {
		off, err := kernel.Offset("pt_regs", r)
		if err != nil {
			f.reason = fmt.Errorf("fbt provider: %w", err)
			return nil
		}
		if i < 6 {
			f.regs = append(f.regs, off)
		} else {
			f.ret = off
		}
	}
	funcs, err := readFilterFunctions(filepath.Join(dir, "available_filter_functions"))
	if err != nil {
		f.reason = fmt.Errorf("fbt provider: %w", err)
		return nil
	}
	for _, fn := range funcs {
		for _, pn := range []string{"entry", "return"} {
			c.add(&Probe{Provider: "fbt", Module: "vmlinux", Function: fn, Name: pn, ProgramType: ebpf.Kprobe, impl: f})
		}
	}
	return nil
}

// probeFentry tries to load a trivial fentry program (with the shared
// kernel BTF cache: a plain NewProgram would parse the kernel's BTF again).
func probeFentry() error {
	coll, err := ebpf.NewCollectionWithOptions(&ebpf.CollectionSpec{Programs: map[string]*ebpf.ProgramSpec{
		"fentry_probe": {
			Type:         ebpf.Tracing,
			AttachType:   ebpf.AttachTraceFEntry,
			AttachTo:     "vfs_read",
			Instructions: asm.Instructions{asm.Mov.Imm(asm.R0, 0), asm.Return()},
			License:      "GPL",
		},
	}}, ebpf.CollectionOptions{Cache: kernel.Cache()})
	if err != nil {
		var ve *ebpf.VerifierError
		if errors.As(err, &ve) {
			return fmt.Errorf("load refused: %v", ve.Cause)
		}
		if errors.Is(err, os.ErrPermission) {
			return errors.New("load refused: operation not permitted")
		}
		return fmt.Errorf("load refused: %v", err)
	}
	coll.Close()
	return nil
}

// readFilterFunctions lists the traceable kernel functions (module
// functions, shown as "name [module]", are left out).
func readFilterFunctions(path string) ([]string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	seen := make(map[string]bool)
	var out []string
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(line, "[") || strings.Contains(line, ".") {
			continue
		}
		if name := strings.TrimSpace(line); name != "" && !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out, sc.Err()
}

func (f *fbtProvider) args(p *Probe) ([]Arg, error) {
	if p.Name == "return" {
		return []Arg{{Type: "uint64_t"}, {Type: "uint64_t"}}, nil
	}
	return []Arg{{Type: "uint64_t"}, {Type: "uint64_t"}, {Type: "uint64_t"}, {Type: "uint64_t"}, {Type: "uint64_t"}, {Type: "uint64_t"}}, nil
}

func (f *fbtProvider) loadArg(p *Probe, ctx asm.Register, n int, dst asm.Register) (asm.Instructions, error) {
	if p.Name == "return" {
		switch n {
		case 0: // DTrace: the offset of the return instruction; unknown
			return zeroArg(dst), nil
		case 1:
			return asm.Instructions{asm.LoadMem(dst, ctx, int16(f.ret), asm.DWord)}, nil
		}
		return zeroArg(dst), nil
	}
	if n >= len(f.regs) {
		return zeroArg(dst), nil
	}
	return asm.Instructions{asm.LoadMem(dst, ctx, int16(f.regs[n]), asm.DWord)}, nil
}

func (*fbtProvider) guard(*Probe, asm.Register, string) (asm.Instructions, error) { return nil, nil }

func (*fbtProvider) errno(p *Probe, ctx, dst asm.Register) (asm.Instructions, error) {
	return zeroArg(dst), nil
}

func (*fbtProvider) attach(p *Probe, prog *ebpf.Program) (Link, error) {
	if p.Name == "return" {
		return link.Kretprobe(p.Function, prog, nil)
	}
	return link.Kprobe(p.Function, prog, nil)
}
