// This file implements the reclaiming of thread-local variables when their
// thread exits: a raw tracepoint program on sched_process_exit deleting the
// exiting thread's key from each thread-local hash map.

package kernel

import (
	"errors"
	"fmt"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/link"
)

// ThreadCleanup is the loaded reclaiming program. Close it before the maps.
type ThreadCleanup struct {
	prog *ebpf.Program
	lnk  link.Link
}

// LoadThreadCleanup loads and attaches a program that, whenever a thread
// exits (sched_process_exit, in the exiting thread), deletes the key
// bpf_get_current_pid_tgid() from every map of maps: DTrace frees a
// thread's self-> variables when it exits, and without this a later
// thread reusing the id would see them. Each map must be a hash map with
// 8-byte keys.
func LoadThreadCleanup(maps []*ebpf.Map) (*ThreadCleanup, error) {
	if len(maps) == 0 {
		return nil, errors.New("thread cleanup: no maps")
	}
	insns := asm.Instructions{
		asm.FnGetCurrentPidTgid.Call(),
		asm.StoreMem(asm.RFP, -8, asm.R0, asm.DWord),
	}
	for i, m := range maps {
		if m.Type() != ebpf.Hash || m.KeySize() != 8 {
			return nil, fmt.Errorf("thread cleanup: map %d is a %s with %d-byte keys, want a hash with 8-byte keys", i, m.Type(), m.KeySize())
		}
		ld := asm.LoadMapPtr(asm.R1, 0)
		if err := ld.AssociateMap(m); err != nil {
			return nil, err
		}
		insns = append(insns,
			ld,
			asm.Mov.Reg(asm.R2, asm.RFP),
			asm.Add.Imm(asm.R2, -8),
			asm.FnMapDeleteElem.Call(),
		)
	}
	insns = append(insns, asm.Mov.Imm(asm.R0, 0), asm.Return())
	prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{
		Name:         "godtrace_tls_gc",
		Type:         ebpf.RawTracepoint,
		Instructions: insns,
		License:      "GPL",
	})
	if err != nil {
		return nil, fmt.Errorf("load thread cleanup program: %w", err)
	}
	lnk, err := link.AttachRawTracepoint(link.RawTracepointOptions{Name: "sched_process_exit", Program: prog})
	if err != nil {
		prog.Close()
		return nil, fmt.Errorf("attach thread cleanup program to sched_process_exit: %w", err)
	}
	return &ThreadCleanup{prog: prog, lnk: lnk}, nil
}

// Close detaches and frees the program.
func (c *ThreadCleanup) Close() error {
	return errors.Join(c.lnk.Close(), c.prog.Close())
}
