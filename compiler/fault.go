// This file implements faults: a memory read that fails (copyinstr of a bad address, a
// member read through a bad pointer) ends the clause as DTrace ends it — its record is
// discarded and an error record reports the address and where it happened, which the
// consumer prints as DTrace's "error on enabled probe ID ..." message.
package compiler

import (
	"github.com/cilium/ebpf/asm"
)

// FaultEPID is the record id of fault records. Layout, after the id: uint32 CPU, uint32
// the clause's EPID, uint32 the action (0: the predicate), uint64 the address.
const FaultEPID = 0

// FaultRecordSize is the size of a fault record.
const FaultRecordSize = 24

// saveFaultAddr remembers the address in src for a fault report (before the read's
// helper call clobbers it).
func (f *fn) saveFaultAddr(src asm.Register) {
	f.g.emit(asm.StoreMem(asm.RFP, f.faultSlot, src, asm.DWord))
}

// faultIfNeg jumps to the clause's fault handler when the helper's result in R0 is
// negative.
func (f *fn) faultIfNeg() {
	g := f.g
	ok := g.newLabel("read_ok")
	to := f.faultLabel
	if f.curAction == 0 {
		// In the predicate: no record is reserved yet.
		to = f.faultLabel + "_pred"
		f.faultPred = true
	} else {
		f.faultBody = true
	}
	g.emit(asm.JSGE.Imm(asm.R0, 0, ok),
		asm.StoreImm(asm.RFP, f.faultActSlot, int64(f.curAction), asm.Word),
		asm.Ja.Label(to))
	g.place(ok)
	f.faultUsed = true
}

// faultHandler emits the clause's fault path: discard the record, report, go to next.
func (f *fn) faultHandler(epid *EPID, next string) {
	g := f.g
	// Only the entries some read jumps to: the verifier refuses unreachable code.
	if f.faultBody {
		g.place(f.faultLabel)
		if f.record {
			g.emit(asm.Mov.Reg(asm.R1, regRecord), asm.Mov.Imm(asm.R2, 0), asm.FnRingbufDiscard.Call())
		}
	}
	if f.faultPred {
		g.place(f.faultLabel + "_pred")
	}
	drop := g.newLabel("fault_drop")
	g.emit(
		asm.LoadMapPtr(asm.R1, 0).WithReference(MapEvents),
		asm.Mov.Imm(asm.R2, FaultRecordSize),
		asm.Mov.Imm(asm.R3, 0),
		asm.FnRingbufReserve.Call(),
		asm.JEq.Imm(asm.R0, 0, drop),
		asm.Mov.Reg(asm.R7, asm.R0),
		asm.StoreImm(asm.R7, 0, FaultEPID, asm.Word),
		asm.StoreImm(asm.R7, 8, int64(epid.ID), asm.Word),
		asm.LoadMem(asm.R1, asm.RFP, f.faultActSlot, asm.Word),
		asm.StoreMem(asm.R7, 12, asm.R1, asm.Word),
		asm.LoadMem(asm.R1, asm.RFP, f.faultSlot, asm.DWord),
		asm.StoreMem(asm.R7, 16, asm.R1, asm.DWord),
		asm.FnGetSmpProcessorId.Call(),
		asm.StoreMem(asm.R7, 4, asm.R0, asm.Word),
		asm.Mov.Reg(asm.R1, asm.R7),
		asm.Mov.Imm(asm.R2, 0),
		asm.FnRingbufSubmit.Call(),
		asm.Ja.Label(next),
	)
	g.place(drop)
	g.emit(emitDrop()...)
	g.emit(asm.Ja.Label(next))
}
