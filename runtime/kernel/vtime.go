// This file implements the vtimestamp support programs: tp_btf programs on
// sched_switch and sched_stat_runtime that keep, per CPU, the offset between bpf_ktime_get_ns()
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

	"github.com/godtrace/godtrace/record"
)

// Vtime is the loaded vtimestamp support: the offset map and the attached
// sched_switch program. Close it after the clause programs that use it.
type Vtime struct {
	m     *ebpf.Map
	progs []*ebpf.Program
	links []link.Link
	ncpu  int
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
		Name:       record.VtimeMapName,
		Type:       ebpf.Array,
		KeySize:    4,
		ValueSize:  uint32(record.VtimeStride * ncpu),
		MaxEntries: 1,
	}, nil
}

// VtimeProgramSpecs returns the support programs, both tp_btf, both
// refreshing the running CPU's offset from a task whose se.exec_start the
// scheduler has just set to its run-queue clock:
//
//	sched_switch        next, when it is not the idle task
//	sched_stat_runtime  the task, when it is current (update_curr: ticks,
//	                    thread-clock reads), so that clock drift (steal time
//	                    is excluded from the run-queue clock) is bounded by
//	                    one tick even on a CPU that never switches
//
// They refer to the offset map by the symbol record.VtimeMapName.
func VtimeProgramSpecs() ([]*ebpf.ProgramSpec, error) {
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
	// store: R6 = task whose exec_start is fresh.
	store := asm.Instructions{
		asm.LoadMem(asm.R2, asm.R6, int16(pid), asm.Word),
		asm.JEq.Imm(asm.R2, 0, "out"), // the idle task's clock is not maintained
		asm.FnKtimeGetNs.Call(),
		asm.LoadMem(asm.R2, asm.R6, int16(execStart), asm.DWord),
		asm.Sub.Reg(asm.R0, asm.R2),
		asm.Mov.Reg(asm.R7, asm.R0),
		asm.FnGetSmpProcessorId.Call(),
		asm.JGE.Imm(asm.R0, int32(ncpu), "out"),
		asm.LSh.Imm(asm.R0, 6),
		asm.LoadMapValue(asm.R1, 0, 0).WithReference(record.VtimeMapName),
		asm.Add.Reg(asm.R1, asm.R0),
		asm.StoreMem(asm.R1, 0, asm.R7, asm.DWord),
		asm.Mov.Imm(asm.R0, 0).WithSymbol("out"),
		asm.Return(),
	}
	// tp_btf sched_switch(bool preempt, struct task_struct *prev,
	//                     struct task_struct *next, unsigned int prev_state)
	onSwitch := append(asm.Instructions{
		asm.LoadMem(asm.R6, asm.R1, 16, asm.DWord), // next
	}, store...)
	// tp_btf sched_stat_runtime(struct task_struct *tsk, u64 runtime)
	onRuntime := append(asm.Instructions{
		asm.LoadMem(asm.R6, asm.R1, 0, asm.DWord), // tsk
		asm.FnGetCurrentTaskBtf.Call(),
		asm.JNE.Reg(asm.R0, asm.R6, "out"),
	}, store...)
	spec := func(name, tp string, insns asm.Instructions) *ebpf.ProgramSpec {
		return &ebpf.ProgramSpec{
			Name:         name,
			Type:         ebpf.Tracing,
			AttachType:   ebpf.AttachTraceRawTp,
			AttachTo:     tp,
			Instructions: insns,
			License:      "GPL",
		}
	}
	return []*ebpf.ProgramSpec{
		spec("godtrace_vt_sw", "sched_switch", onSwitch),
		spec("godtrace_vt_rt", "sched_stat_runtime", onRuntime),
	}, nil
}

// LoadVtime creates the offset map, loads the support programs (in one
// collection, with the shared kernel BTF Cache), attaches them, and waits
// (at most 50 ms, typically one tick) until every online CPU has measured
// its offset.
func LoadVtime() (_ *Vtime, err error) {
	mspec, err := VtimeMapSpec()
	if err != nil {
		return nil, err
	}
	pspecs, err := VtimeProgramSpecs()
	if err != nil {
		return nil, err
	}
	cs := &ebpf.CollectionSpec{
		Maps:     map[string]*ebpf.MapSpec{record.VtimeMapName: mspec},
		Programs: map[string]*ebpf.ProgramSpec{},
	}
	for _, ps := range pspecs {
		cs.Programs[ps.Name] = ps
	}
	coll, err := ebpf.NewCollectionWithOptions(cs, ebpf.CollectionOptions{Cache: Cache()})
	if err != nil {
		return nil, fmt.Errorf("load vtimestamp support (tp_btf sched_switch, sched_stat_runtime): %w", err)
	}
	defer coll.Close() // whatever was not detached
	v := &Vtime{m: coll.DetachMap(record.VtimeMapName), ncpu: int(mspec.ValueSize / record.VtimeStride)}
	defer func() {
		if err != nil {
			v.Close()
		}
	}()
	for _, ps := range pspecs {
		prog := coll.DetachProgram(ps.Name)
		v.progs = append(v.progs, prog)
		lnk, err := link.AttachTracing(link.TracingOptions{Program: prog})
		if err != nil {
			return nil, fmt.Errorf("attach vtimestamp program to %s: %w", ps.AttachTo, err)
		}
		v.links = append(v.links, lnk)
	}
	// Every CPU measures its offset at its next switch or tick (4 ms
	// here): wait for that, briefly, so that the first probes are exact.
	// A CPU that stays silent only means the fallback there.
	_ = v.Ready(vtimeSettle)
	return v, nil
}

// vtimeSettle bounds how long LoadVtime waits for every CPU's offset.
const vtimeSettle = 50 * time.Millisecond

// Map returns the offset map, to be associated with record.VtimeMapName in
// clause programs.
func (v *Vtime) Map() *ebpf.Map { return v.m }

// Offsets returns the current per-CPU offsets (0 where not measured yet).
func (v *Vtime) Offsets() ([]uint64, error) {
	var buf []byte
	if err := v.m.Lookup(uint32(0), &buf); err != nil {
		return nil, fmt.Errorf("read vtimestamp map: %w", err)
	}
	offs := make([]uint64, v.ncpu)
	for i := range offs {
		offs[i] = binary.NativeEndian.Uint64(buf[i*record.VtimeStride:])
	}
	return offs, nil
}

// Ready waits up to timeout until every online CPU has measured its offset
// (an idle CPU switches within milliseconds). It returns an error naming the
// CPUs still missing; vtimestamp then falls back to sum_exec_runtime there.
func (v *Vtime) Ready(timeout time.Duration) error {
	online, err := OnlineCPUs()
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
	var errs []error
	for _, l := range v.links {
		errs = append(errs, l.Close())
	}
	for _, p := range v.progs {
		errs = append(errs, p.Close())
	}
	errs = append(errs, v.m.Close())
	return errors.Join(errs...)
}
