// This file implements the record descriptors: the layout of the data one clause firing
// writes into the ring buffer, which the consumer uses to decode and print it.
//
// A record is DTrace's enabled-probe record: one per clause firing, identified by its EPID
// (one per probe × clause). Layout, little-endian, fixed per EPID:
//
//	0   uint32 EPID
//	4   uint32 CPU the probe fired on
//	8   per action, in clause order: uint64 "done" flag (1 when the action ran; an action
//	    under a false if-branch leaves 0), then the action's arguments at fixed offsets:
//	    integers as 8 bytes (already sign- or zero-extended to 64 bits), strings as
//	    StrSize bytes holding a NUL-terminated string.
//
// Constant arguments (a printf format, trace("literal")) are not stored: their value is
// in the descriptor.
package compiler

import (
	"github.com/godtrace/godtrace/dlang/token"
	"github.com/godtrace/godtrace/record"
)

// RecordHeaderSize is the size of the EPID and CPU words before the first action.
const RecordHeaderSize = 8

// ActionKind names a data-recording action.
type ActionKind int

const (
	ActTrace  ActionKind = iota // trace(expr)
	ActPrintf                   // printf(fmt, args...)
	ActExit                     // exit(status)
	// The aggregation actions, carried out by the consumer on its snapshot of the
	// aggregations (Action.Aggs) when it reads the record, as libdtrace does.
	ActPrinta      // printa([format, ]@a[, @b...])
	ActClear       // clear(@a)
	ActTrunc       // trunc(@a[, n])
	ActNormalize   // normalize(@a, n)
	ActDenormalize // denormalize(@a)
	ActPrint       // print(expr): Args[0] laid out as PType
)

func (k ActionKind) String() string {
	switch k {
	case ActTrace:
		return "trace"
	case ActPrintf:
		return "printf"
	case ActExit:
		return "exit"
	case ActPrinta:
		return "printa"
	case ActClear:
		return "clear"
	case ActTrunc:
		return "trunc"
	case ActNormalize:
		return "normalize"
	case ActDenormalize:
		return "denormalize"
	case ActPrint:
		return "print"
	}
	return "action"
}

// ArgKind is how an argument's bytes are decoded.
type ArgKind int

const (
	ArgInt    ArgKind = iota // 8 bytes; Signed and Size give the D type
	ArgString                // StrSize bytes, NUL-terminated
	ArgStack                 // Size bytes of kernel PCs, 0-terminated when short
	ArgUStack                // the pid (8 bytes), then Size-8 bytes of user PCs
	ArgBytes                 // Size bytes of an object (print() of a structure)
	ArgSym                   // a kernel address printed as a symbol (Type: sym, func or mod)
	ArgUSym                  // the pid, then a user address (Type: usym, ufunc, umod or uaddr)
)

// Arg describes one recorded argument.
type Arg struct {
	Kind   ArgKind
	Size   int  // D type size for integers (1, 2, 4, 8); the buffer size for strings
	Signed bool // integers only
	Type   string
	Offset int // offset in the record; -1 when the argument is the constant Const
	// Slot is, for a string aggregation key, the bytes it occupies in the packed key when
	// fewer than Size (the values are known to be short; the consumer pads it to Size).
	Slot  int
	Const any // int64, uint64 or string when Offset is -1
}

// Action describes one action of a clause.
type Action struct {
	Kind   ActionKind
	Pos    token.Position
	Flag   int    // offset of the action's done flag
	Format string // printf's and printa's format string
	Args   []*Arg
	Aggs   []int         // the aggregation actions' aggregations, by Agg.ID
	PType  *record.PType // print()'s type

	first int  // index of the call argument recorded as Args[0]
	self  bool // stack()/ustack() as an action: the call itself is Args[0]
}

// EPID describes the record of one clause on one probe.
type EPID struct {
	ID      uint32
	Probe   ProbeInfo
	Clause  int // index of the clause in the program
	Size    int // record size in bytes
	Actions []*Action
}

// ProbeInfo identifies a probe for the record prefix and messages.
type ProbeInfo struct {
	ID                               uint32
	Provider, Module, Function, Name string
}
