// This file implements the test harness of runtime/provider: a recorder
// clause program built from a probe's own emitters, and record collection
// through runtime/consume.

package provider

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sync"
	"testing"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/godtrace/godtrace/compiler/emit"
	"github.com/godtrace/godtrace/record"
	"github.com/godtrace/godtrace/runtime/consume"
	"github.com/godtrace/godtrace/runtime/kernel"
)

// Record slots (uint64, from the start of the record including its id).
const (
	slotID     = 0
	slotPidTid = 1
	slotErrno  = 2
	slotArg0   = 3 // arg0..arg9: slots 3..12
	slotComm   = 13
	slotPpid   = 15
	slotVt     = 16
	slotUID    = 17
	nslots     = 18
)

// rec is one decoded record of the recorder program.
type rec struct {
	id       uint32
	pid, tid uint32
	errno    uint64
	args     [10]uint64
	comm     string
	ppid     uint64
	vt       uint64
	uid      uint64
}

func (r rec) String() string {
	return fmt.Sprintf("{id %d pid %d tid %d comm %q errno %d args %v}", r.id, r.pid, r.tid, r.comm, r.errno, r.args[:4])
}

// tracer loads recorder programs for probes and collects their records.
type tracer struct {
	t     *testing.T
	cat   *Catalogue
	ring  *ebpf.Map
	drops *ebpf.Map
	vt    *kernel.Vtime
	em    *emit.Task
	ncpu  int
	rd    *consume.Reader
	progs []*ebpf.Program
	links []Link
	// onlyTid, when set, makes the recorders ignore other threads.
	onlyTid uint32
}

var (
	catOnce sync.Once
	cat     *Catalogue
	catErr  error
)

func catalogue(t *testing.T) *Catalogue {
	t.Helper()
	catOnce.Do(func() { cat, catErr = Load() })
	if catErr != nil {
		t.Fatal(catErr)
	}
	return cat
}

// tracepointCatalogue returns a catalogue built as on an architecture
// without system call numbers: syscall and proc probes on the per-call
// tracepoints.
func tracepointCatalogue(t *testing.T) *Catalogue {
	t.Helper()
	tracepointsOnly = true
	defer func() { tracepointsOnly = false }()
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	c.Probes() // populate now: providers read tracepointsOnly when populated
	return c
}

func newTracer(t *testing.T) *tracer {
	t.Helper()
	return newTracerWith(t, catalogue(t))
}

func newTracerWith(t *testing.T, c *Catalogue) *tracer {
	t.Helper()
	tr := &tracer{t: t, cat: c}
	var err error
	if tr.ring, err = ebpf.NewMap(record.RingMapSpec(1 << 20)); err != nil {
		t.Fatal(err)
	}
	ds, err := record.DropMapSpec()
	if err != nil {
		t.Fatal(err)
	}
	if tr.drops, err = ebpf.NewMap(ds); err != nil {
		t.Fatal(err)
	}
	if tr.vt, err = kernel.LoadVtime(); err != nil {
		t.Fatal(err)
	}
	layout, err := kernel.TaskLayout()
	if err != nil {
		t.Fatal(err)
	}
	if tr.ncpu, err = ebpf.PossibleCPU(); err != nil {
		t.Fatal(err)
	}
	tr.em = emit.NewTask(layout, tr.ncpu)
	if tr.rd, err = consume.NewReader(tr.ring, tr.drops, consume.Options{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tr.close)
	return tr
}

func (tr *tracer) close() {
	if err := CloseAll(tr.links); err != nil {
		tr.t.Error(err)
	}
	for _, p := range tr.progs {
		p.Close()
	}
	tr.rd.Close()
	tr.vt.Close()
	tr.ring.Close()
	tr.drops.Close()
}

// match returns the probes of a description, failing on error or none.
func (tr *tracer) match(desc ...string) []*Probe {
	tr.t.Helper()
	ps, err := tr.cat.Match(desc[0], desc[1], desc[2], desc[3])
	if err != nil {
		tr.t.Fatal(err)
	}
	if len(ps) == 0 {
		tr.t.Fatalf("%v matched no probes", desc)
	}
	return ps
}

// program builds the recorder program of p: guard, then one record with
// the probe ID, pid/tid, errno, arg0–arg9, comm, ppid, vtimestamp, uid.
func (tr *tracer) program(p *Probe) *ebpf.ProgramSpec {
	tr.t.Helper()
	must := func(insns asm.Instructions, err error) asm.Instructions {
		tr.t.Helper()
		if err != nil {
			tr.t.Fatal(err)
		}
		return insns
	}
	const buf = -8 * nslots
	store := func(slot int, r asm.Register) asm.Instruction {
		return asm.StoreMem(asm.RFP, int16(buf+8*slot), r, asm.DWord)
	}
	insns := asm.Instructions{asm.Mov.Reg(asm.R6, asm.R1)}
	insns = append(insns, must(p.Guard(asm.R6, "skip"))...)
	if tr.onlyTid != 0 {
		insns = append(insns,
			asm.FnGetCurrentPidTgid.Call(),
			asm.Mov.Reg32(asm.R0, asm.R0),
			asm.JNE.Imm(asm.R0, int32(tr.onlyTid), "skip"),
		)
	}
	insns = append(insns, asm.Mov.Imm(asm.R0, 0))
	for s := 0; s < nslots; s++ {
		insns = append(insns, store(s, asm.R0))
	}
	insns = append(insns, asm.Mov.Imm(asm.R0, int32(p.ID)), store(slotID, asm.R0))
	insns = append(insns, asm.FnGetCurrentPidTgid.Call(), store(slotPidTid, asm.R0))
	insns = append(insns, must(p.Errno(asm.R6, asm.R7))...)
	insns = append(insns, store(slotErrno, asm.R7))
	for n := 0; n < 10; n++ {
		insns = append(insns, must(p.LoadArg(asm.R6, n, asm.R7))...)
		insns = append(insns, store(slotArg0+n, asm.R7))
	}
	insns = append(insns, asm.Mov.Reg(asm.R7, asm.RFP), asm.Add.Imm(asm.R7, int32(buf+8*slotComm)))
	insns = append(insns, tr.em.Comm(asm.R7)...)
	insns = append(insns, tr.em.Ppid(asm.R7)...)
	insns = append(insns, store(slotPpid, asm.R7))
	insns = append(insns, tr.em.Vtimestamp(asm.R7)...)
	insns = append(insns, store(slotVt, asm.R7))
	insns = append(insns, tr.em.UID(asm.R7)...)
	insns = append(insns, store(slotUID, asm.R7))
	insns = append(insns, asm.Mov.Reg(asm.R7, asm.RFP), asm.Add.Imm(asm.R7, buf))
	insns = append(insns, emit.Output(asm.R7, 8*nslots, tr.ncpu)...)
	insns = append(insns, asm.Mov.Imm(asm.R0, 0).WithSymbol("skip"), asm.Return())
	for name, m := range map[string]*ebpf.Map{record.RingMapName: tr.ring, record.DropMapName: tr.drops, record.VtimeMapName: tr.vt.Map()} {
		if err := insns.AssociateMap(name, m); err != nil {
			tr.t.Fatal(err)
		}
	}
	return p.ProgramSpec("rec", insns)
}

// attach loads the recorder of each probe and attaches it.
func (tr *tracer) attach(probes ...*Probe) []Link {
	tr.t.Helper()
	var links []Link
	for _, p := range probes {
		prog, err := ebpf.NewProgram(tr.program(p))
		if err != nil {
			tr.t.Fatalf("load recorder of %s: %+v", p, err)
		}
		tr.progs = append(tr.progs, prog)
		l, err := p.Attach(prog)
		if err != nil {
			tr.t.Fatal(err)
		}
		tr.links = append(tr.links, l)
		links = append(links, l)
	}
	return links
}

// records drains the ring.
func (tr *tracer) records() []rec {
	tr.t.Helper()
	var out []rec
	err := tr.rd.Drain(func(id uint32, data []byte) error {
		full := append(binary.NativeEndian.AppendUint32(nil, id), data...)
		if len(full) != 8*nslots {
			return fmt.Errorf("record of %d bytes", len(full))
		}
		u := func(s int) uint64 { return binary.NativeEndian.Uint64(full[8*s:]) }
		r := rec{
			id:    id,
			pid:   uint32(u(slotPidTid) >> 32),
			tid:   uint32(u(slotPidTid)),
			errno: u(slotErrno),
			comm:  string(bytes.TrimRight(full[8*slotComm:8*slotComm+16], "\x00")),
			ppid:  u(slotPpid),
			vt:    u(slotVt),
			uid:   u(slotUID),
		}
		for n := range r.args {
			r.args[n] = u(slotArg0 + n)
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		tr.t.Fatal(err)
	}
	if ds, err := tr.rd.Drops(); err != nil || len(ds) != 0 {
		tr.t.Fatalf("drops %v, %v", ds, err)
	}
	return out
}

// discard drains the ring and forgets drops so far.
func (tr *tracer) discard() {
	tr.t.Helper()
	if err := tr.rd.Drain(func(uint32, []byte) error { return nil }); err != nil {
		tr.t.Fatal(err)
	}
	if _, err := tr.rd.Drops(); err != nil {
		tr.t.Fatal(err)
	}
}

// filter keeps the records of probe p satisfying keep.
func filter(rs []rec, p *Probe, keep func(rec) bool) []rec {
	var out []rec
	for _, r := range rs {
		if r.id == p.ID && (keep == nil || keep(r)) {
			out = append(out, r)
		}
	}
	return out
}
