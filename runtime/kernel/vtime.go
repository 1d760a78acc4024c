// This file implements the vtimestamp support program: a tp_btf program on
// sched_switch that keeps, per CPU, the offset between bpf_ktime_get_ns()
// and the scheduler's run-queue clock.

package kernel

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/link"
)

// Vtime is the loaded vtimestamp support: the offset map and the attached
// sched_switch program. Close it after the clause programs that use it.
type Vtime struct {
	m    *ebpf.Map
	prog *ebpf.Program
	lnk  link.Link
	ncpu int
}

// VtimeMapSpec returns the spec of the offset map: one array element holding
// a 64-byte slot per possible CPU, the first 8 bytes of which are
// ktime − run-queue clock as last measured on that CPU (0: not yet).
func VtimeMapSpec() (*ebpf.MapSpec, error) {
	ncpu, err := ebpf.PossibleCPU()
	if err != nil {
		return nil, fmt.Errorf("count possible CPUs: %w", err)
	}
	return &ebpf.MapSpec{
		Name:       VtimeMapName,
		Type:       ebpf.Array,
		KeySize:    4,
		ValueSize:  uint32(vtimeStride * ncpu),
		MaxEntries: 1,
	}, nil
}

// VtimeProgramSpec returns the sched_switch support program. It refers to
// the offset map by the symbol VtimeMapName.
func VtimeProgramSpec() (*ebpf.ProgramSpec, error) {
	ncpu, err := ebpf.PossibleCPU()
	if err != nil {
		return nil, fmt.Errorf("count possible CPUs: %w", err)
	}
	pid, err := Offset("task_struct", "pid")
	if err != nil {
		return nil, err
	}
	execStart, err := Offset("task_struct", "se.exec_start")
	if err != nil {
		return nil, err
	}
	// tp_btf sched_switch(bool preempt, struct task_struct *prev,
	//                     struct task_struct *next, unsigned int prev_state)
	insns := asm.Instructions{
		asm.LoadMem(asm.R6, asm.R1, 16, asm.DWord), // next
		asm.LoadMem(asm.R2, asm.R6, int16(pid), asm.Word),
		asm.JEq.Imm(asm.R2, 0, "out"), // the idle task's clock is not maintained
		asm.FnKtimeGetNs.Call(),
		asm.LoadMem(asm.R2, asm.R6, int16(execStart), asm.DWord),
		asm.Sub.Reg(asm.R0, asm.R2),
		asm.Mov.Reg(asm.R7, asm.R0),
		asm.FnGetSmpProcessorId.Call(),
		asm.JGE.Imm(asm.R0, int32(ncpu), "out"),
		asm.LSh.Imm(asm.R0, 6),
		asm.LoadMapValue(asm.R1, 0, 0).WithReference(VtimeMapName),
		asm.Add.Reg(asm.R1, asm.R0),
		asm.StoreMem(asm.R1, 0, asm.R7, asm.DWord),
		asm.Mov.Imm(asm.R0, 0).WithSymbol("out"),
		asm.Return(),
	}
	return &ebpf.ProgramSpec{
		Name:         "godtrace_vtime",
		Type:         ebpf.Tracing,
		AttachType:   ebpf.AttachTraceRawTp,
		AttachTo:     "sched_switch",
		Instructions: insns,
		License:      "GPL",
	}, nil
}

// LoadVtime creates the offset map, loads the sched_switch program and
// attaches it.
func LoadVtime() (*Vtime, error) {
	mspec, err := VtimeMapSpec()
	if err != nil {
		return nil, err
	}
	pspec, err := VtimeProgramSpec()
	if err != nil {
		return nil, err
	}
	m, err := ebpf.NewMap(mspec)
	if err != nil {
		return nil, fmt.Errorf("create vtimestamp map: %w", err)
	}
	if err := pspec.Instructions.AssociateMap(VtimeMapName, m); err != nil {
		m.Close()
		return nil, fmt.Errorf("vtimestamp program: %w", err)
	}
	prog, err := ebpf.NewProgram(pspec)
	if err != nil {
		m.Close()
		return nil, fmt.Errorf("load vtimestamp program (tp_btf sched_switch): %w", err)
	}
	lnk, err := link.AttachTracing(link.TracingOptions{Program: prog})
	if err != nil {
		prog.Close()
		m.Close()
		return nil, fmt.Errorf("attach vtimestamp program to sched_switch: %w", err)
	}
	return &Vtime{m: m, prog: prog, lnk: lnk, ncpu: int(mspec.ValueSize / vtimeStride)}, nil
}

// Map returns the offset map, to be associated with VtimeMapName in clause
// programs.
func (v *Vtime) Map() *ebpf.Map { return v.m }

// Offsets returns the current per-CPU offsets (0 where not measured yet).
func (v *Vtime) Offsets() ([]uint64, error) {
	var buf []byte
	if err := v.m.Lookup(uint32(0), &buf); err != nil {
		return nil, fmt.Errorf("read vtimestamp map: %w", err)
	}
	offs := make([]uint64, v.ncpu)
	for i := range offs {
		offs[i] = binary.NativeEndian.Uint64(buf[i*vtimeStride:])
	}
	return offs, nil
}

// Ready waits up to timeout until every online CPU has measured its offset
// (an idle CPU switches within milliseconds). It returns an error naming the
// CPUs still missing; vtimestamp then falls back to sum_exec_runtime there.
func (v *Vtime) Ready(timeout time.Duration) error {
	online, err := onlineCPUs()
	if err != nil {
		return err
	}
	deadline := time.Now().Add(timeout)
	for {
		offs, err := v.Offsets()
		if err != nil {
			return err
		}
		var missing []int
		for _, c := range online {
			if c < len(offs) && offs[c] == 0 {
				missing = append(missing, c)
			}
		}
		if len(missing) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("vtimestamp: no context switch seen yet on CPUs %v", missing)
		}
		time.Sleep(time.Millisecond)
	}
}

// Close detaches and frees the support program and map.
func (v *Vtime) Close() error {
	return errors.Join(v.lnk.Close(), v.prog.Close(), v.m.Close())
}
