// This file implements the floor: the cheapest hand-assembled eBPF programs for each clause
// pattern, loaded and attached by the benchmark itself.

package probeeffect

import (
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/link"
	"golang.org/x/sys/unix"
)

// Pattern is one clause pattern the benchmark measures on read(2).
type Pattern int

// The clause patterns, in table order.
const (
	PatternEmpty    Pattern = iota // a probe with nothing in it
	PatternPid                     // /pid == $target/ {}
	PatternCount                   // @[tid] = count()
	PatternQuantize                // entry timestamp, return quantize + clear
	PatternLab                     // examples/io_performance.d (no floor)
	numPatterns
)

// String names the pattern as the tables print it.
func (p Pattern) String() string {
	switch p {
	case PatternEmpty:
		return "empty probe"
	case PatternPid:
		return "pid filter"
	case PatternCount:
		return "@[tid] = count()"
	case PatternQuantize:
		return "ts + quantize"
	case PatternLab:
		return "lab script"
	}
	return fmt.Sprintf("Pattern(%d)", int(p))
}

// HistBuckets is the number of log2 buckets in the floor's histogram.
const HistBuckets = 64

// Floor is a loaded and attached set of floor programs for one pattern.
type Floor struct {
	Pattern Pattern
	Counts  *ebpf.Map // PatternCount: tid -> count
	Starts  *ebpf.Map // PatternQuantize: tid -> entry timestamp
	Hist    *ebpf.Map // PatternQuantize: one element, HistBuckets u64 log2 buckets
	progs   []*ebpf.Program
	links   []link.Link
}

// Floor instruction sequences share these stack slots.
const (
	slotKey = -8  // u64 tid key
	slotVal = -16 // u64 value / u32 bucket key
)

// tidToStack stores the current thread id (low 32 bits of pid_tgid) at slotKey.
func tidToStack() asm.Instructions {
	return asm.Instructions{
		asm.FnGetCurrentPidTgid.Call(),
		asm.Mov.Reg32(asm.R0, asm.R0), // zero-extends: tid
		asm.StoreMem(asm.RFP, slotKey, asm.R0, asm.DWord),
	}
}

func exit0(label string) asm.Instructions {
	return asm.Instructions{
		asm.Mov.Imm(asm.R0, 0).WithSymbol(label),
		asm.Return(),
	}
}

// emptyProgram is `r0 = 0; exit`.
func emptyProgram() asm.Instructions { return exit0("out") }

// pidProgram returns at once unless the firing process is pid.
func pidProgram(pid uint32) asm.Instructions {
	insns := asm.Instructions{
		asm.FnGetCurrentPidTgid.Call(),
		asm.RSh.Imm(asm.R0, 32),
		asm.JNE.Imm(asm.R0, int32(pid), "out"),
	}
	return append(insns, exit0("out")...)
}

// countProgram adds one to counts[tid] in place, inserting 1 when the key is new.
func countProgram(counts *ebpf.Map) asm.Instructions {
	insns := tidToStack()
	insns = append(insns,
		asm.LoadMapPtr(asm.R1, counts.FD()),
		asm.Mov.Reg(asm.R2, asm.RFP),
		asm.Add.Imm(asm.R2, slotKey),
		asm.FnMapLookupElem.Call(),
		asm.JEq.Imm(asm.R0, 0, "insert"),
		asm.Mov.Imm(asm.R1, 1),
		asm.StoreXAdd(asm.R0, asm.R1, asm.DWord),
		asm.Ja.Label("out"),
		asm.Mov.Imm(asm.R1, 1).WithSymbol("insert"),
		asm.StoreMem(asm.RFP, slotVal, asm.R1, asm.DWord),
		asm.LoadMapPtr(asm.R1, counts.FD()),
		asm.Mov.Reg(asm.R2, asm.RFP),
		asm.Add.Imm(asm.R2, slotKey),
		asm.Mov.Reg(asm.R3, asm.RFP),
		asm.Add.Imm(asm.R3, slotVal),
		asm.Mov.Imm(asm.R4, 1), // BPF_NOEXIST
		asm.FnMapUpdateElem.Call(),
	)
	return append(insns, exit0("out")...)
}

// entryProgram stores starts[tid] = ktime.
func entryProgram(starts *ebpf.Map) asm.Instructions {
	insns := tidToStack()
	insns = append(insns,
		asm.FnKtimeGetNs.Call(),
		asm.StoreMem(asm.RFP, slotVal, asm.R0, asm.DWord),
		asm.LoadMapPtr(asm.R1, starts.FD()),
		asm.Mov.Reg(asm.R2, asm.RFP),
		asm.Add.Imm(asm.R2, slotKey),
		asm.Mov.Reg(asm.R3, asm.RFP),
		asm.Add.Imm(asm.R3, slotVal),
		asm.Mov.Imm(asm.R4, 0), // BPF_ANY
		asm.FnMapUpdateElem.Call(),
	)
	return append(insns, exit0("out")...)
}

// returnProgram looks up starts[tid]; when present it adds one to the log2 bucket of
// ktime - start (atomic add through a direct pointer into the array map) and deletes the
// entry.
func returnProgram(starts, hist *ebpf.Map) asm.Instructions {
	insns := tidToStack()
	insns = append(insns,
		asm.LoadMapPtr(asm.R1, starts.FD()),
		asm.Mov.Reg(asm.R2, asm.RFP),
		asm.Add.Imm(asm.R2, slotKey),
		asm.FnMapLookupElem.Call(),
		asm.JEq.Imm(asm.R0, 0, "out"),
		asm.LoadMem(asm.R6, asm.R0, 0, asm.DWord),
		asm.FnKtimeGetNs.Call(),
		asm.Sub.Reg(asm.R0, asm.R6),
		asm.Mov.Reg(asm.R7, asm.R0), // value
		asm.Mov.Imm(asm.R8, 0),      // floor(log2(value)), 0 for 0 and 1
	)
	// Unrolled binary search: for s in 32, 16, 8, 4, 2, 1: if v >> s { v >>= s; b += s }.
	for _, s := range []int32{32, 16, 8, 4, 2, 1} {
		next := fmt.Sprintf("log2_%d", s)
		insns = append(insns,
			asm.Mov.Reg(asm.R1, asm.R7),
			asm.RSh.Imm(asm.R1, s),
			asm.JEq.Imm(asm.R1, 0, next),
			asm.Mov.Reg(asm.R7, asm.R1),
			asm.Add.Imm(asm.R8, s),
			asm.Mov.Reg(asm.R8, asm.R8).WithSymbol(next), // jump target (no-op)
		)
	}
	insns = append(insns,
		asm.JGT.Imm(asm.R8, HistBuckets-1, "delete"),
		asm.LSh.Imm(asm.R8, 3),
		asm.LoadMapValue(asm.R1, hist.FD(), 0),
		asm.Add.Reg(asm.R1, asm.R8),
		asm.Mov.Imm(asm.R2, 1),
		asm.StoreXAdd(asm.R1, asm.R2, asm.DWord),
		asm.LoadMapPtr(asm.R1, starts.FD()).WithSymbol("delete"),
		asm.Mov.Reg(asm.R2, asm.RFP),
		asm.Add.Imm(asm.R2, slotKey),
		asm.FnMapDeleteElem.Call(),
	)
	return append(insns, exit0("out")...)
}

// rawReadGuard starts a raw_syscalls:sys_enter program: it returns unless the call
// number (the tracepoint's second argument) is read's.
func rawReadGuard() asm.Instructions {
	return asm.Instructions{
		asm.LoadMem(asm.R2, asm.R1, 8, asm.DWord), // ctx->args[1]: the call number
		asm.JNE.Imm(asm.R2, int32(unix.SYS_READ), "out"),
	}
}

// LoadRawFloor loads the floor programs for p (PatternEmpty, PatternPid or PatternCount)
// as one raw tracepoint program on raw_syscalls' sys_enter that first tests the call
// number, the mechanism godtrace's syscall provider uses (a dispatcher on sys_enter): it
// runs on every system call, and is cheaper per read than a syscalls:* tracepoint.
func LoadRawFloor(p Pattern, pid uint32) (*Floor, error) {
	f := &Floor{Pattern: p}
	var body asm.Instructions
	switch p {
	case PatternEmpty:
		body = emptyProgram()
	case PatternPid:
		body = pidProgram(pid)
	case PatternCount:
		var err error
		f.Counts, err = ebpf.NewMap(&ebpf.MapSpec{Name: "floor_counts", Type: ebpf.Hash, KeySize: 8, ValueSize: 8, MaxEntries: 10240})
		if err != nil {
			return nil, fmt.Errorf("raw floor %v: %w", p, err)
		}
		body = countProgram(f.Counts)
	default:
		return nil, fmt.Errorf("no raw floor for %v", p)
	}
	prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{
		Name:         "floor_raw",
		Type:         ebpf.RawTracepoint,
		Instructions: append(rawReadGuard(), body...),
		License:      "GPL",
	})
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("raw floor %v: load: %w", p, err)
	}
	f.progs = append(f.progs, prog)
	l, err := link.AttachRawTracepoint(link.RawTracepointOptions{Name: "sys_enter", Program: prog})
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("raw floor %v: attach raw_syscalls:sys_enter: %w", p, err)
	}
	f.links = append(f.links, l)
	return f, nil
}

// LoadFloor loads the floor programs for p and attaches them to syscalls:sys_enter_read
// (and sys_exit_read for PatternQuantize). pid is used by PatternPid.
func LoadFloor(p Pattern, pid uint32) (*Floor, error) {
	if err := EnsureTracefs(); err != nil {
		return nil, err
	}
	f := &Floor{Pattern: p}
	var err error
	newMap := func(spec *ebpf.MapSpec) *ebpf.Map {
		if err != nil {
			return nil
		}
		var m *ebpf.Map
		m, err = ebpf.NewMap(spec)
		return m
	}
	type attach struct {
		event string
		insns asm.Instructions
	}
	var progs []attach
	switch p {
	case PatternEmpty:
		progs = []attach{{"sys_enter_read", emptyProgram()}}
	case PatternPid:
		progs = []attach{{"sys_enter_read", pidProgram(pid)}}
	case PatternCount:
		f.Counts = newMap(&ebpf.MapSpec{Name: "floor_counts", Type: ebpf.Hash, KeySize: 8, ValueSize: 8, MaxEntries: 10240})
		if err == nil {
			progs = []attach{{"sys_enter_read", countProgram(f.Counts)}}
		}
	case PatternQuantize:
		f.Starts = newMap(&ebpf.MapSpec{Name: "floor_starts", Type: ebpf.Hash, KeySize: 8, ValueSize: 8, MaxEntries: 10240})
		// One element holding all buckets: direct value access (BPF_PSEUDO_MAP_VALUE)
		// needs a single-element array.
		f.Hist = newMap(&ebpf.MapSpec{Name: "floor_hist", Type: ebpf.Array, KeySize: 4, ValueSize: 8 * HistBuckets, MaxEntries: 1})
		if err == nil {
			progs = []attach{
				{"sys_enter_read", entryProgram(f.Starts)},
				{"sys_exit_read", returnProgram(f.Starts, f.Hist)},
			}
		}
	default:
		err = fmt.Errorf("no floor for %v", p)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("floor %v: %w", p, err)
	}
	for _, a := range progs {
		prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{
			Name:         "floor",
			Type:         ebpf.TracePoint,
			Instructions: a.insns,
			License:      "GPL",
		})
		if err != nil {
			f.Close()
			var verr *ebpf.VerifierError
			if errors.As(err, &verr) {
				return nil, fmt.Errorf("floor %v: load: %+v", p, verr)
			}
			return nil, fmt.Errorf("floor %v: load: %w", p, err)
		}
		f.progs = append(f.progs, prog)
		l, err := link.Tracepoint("syscalls", a.event, prog, nil)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("floor %v: attach syscalls:%s: %w", p, a.event, err)
		}
		f.links = append(f.links, l)
	}
	return f, nil
}

// Close detaches and unloads everything, closing the links concurrently.
func (f *Floor) Close() error {
	errs := make(chan error, len(f.links))
	for _, l := range f.links {
		go func(l link.Link) { errs <- l.Close() }(l)
	}
	var err error
	for range f.links {
		err = errors.Join(err, <-errs)
	}
	f.links = nil
	for _, p := range f.progs {
		p.Close()
	}
	f.progs = nil
	for _, m := range []*ebpf.Map{f.Counts, f.Starts, f.Hist} {
		if m != nil {
			m.Close()
		}
	}
	return err
}

// Count returns counts[tid] for PatternCount.
func (f *Floor) Count(tid uint32) (uint64, error) {
	var v uint64
	err := f.Counts.Lookup(uint64(tid), &v)
	return v, err
}

// HistTotal returns the sum of all histogram buckets and the fullest bucket.
func (f *Floor) HistTotal() (total uint64, fullest int, err error) {
	var best uint64
	var buckets [HistBuckets]uint64
	if err := f.Hist.Lookup(uint32(0), &buckets); err != nil {
		return 0, 0, err
	}
	for i, v := range buckets {
		total += v
		if v > best {
			best, fullest = v, i
		}
	}
	return total, fullest, nil
}

// FloorStartup loads and attaches the two-probe floor (PatternQuantize: two syscall
// tracepoints) and closes it, returning how long each half took.
func FloorStartup() (armed, detach time.Duration, err error) {
	t0 := time.Now()
	f, err := LoadFloor(PatternQuantize, 0)
	if err != nil {
		return 0, 0, err
	}
	armed = time.Since(t0)
	t1 := time.Now()
	err = f.Close()
	return armed, time.Since(t1), err
}

// EnsureTracefs mounts tracefs at /sys/kernel/tracing when it is not mounted.
func EnsureTracefs() error {
	if err := exec.Command("mountpoint", "-q", "/sys/kernel/tracing").Run(); err == nil {
		return nil
	}
	out, err := exec.Command("mount", "-t", "tracefs", "nodev", "/sys/kernel/tracing").CombinedOutput()
	if err != nil {
		return fmt.Errorf("mount tracefs: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}
