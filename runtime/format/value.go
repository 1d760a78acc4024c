// This file implements Value, the decoded datum that every printer consumes,
// and Env, the printer's view of the outside world (symbols, time zone).

package format

import (
	"bytes"
	"time"

	"github.com/godtrace/godtrace/dlang/printf"
	"github.com/godtrace/godtrace/runtime/symbols"
)

// Kind says what a Value holds.
type Kind uint8

// Value kinds.
const (
	KindInt    Kind = iota // integer: Bits, Size (1, 2, 4, 8), Signed
	KindFloat              // floating point: Float, Size (4, 8, 16)
	KindString             // D string or char array: Bytes is the whole recorded buffer (NUL padded)
	KindBytes              // any other recorded bytes (structs, odd sizes): Bytes
	KindStack              // stack(): PCs (kernel addresses), 0-terminated or short
	KindUStack             // ustack(): PID and PCs (user addresses)
	KindSym                // sym()/func(): kernel address Bits printed as module`symbol
	KindMod                // mod(): kernel address Bits printed as the module
	KindUSym               // usym()/ufunc()/uaddr(): PID and user address Bits
	KindUMod               // umod(): PID and user address Bits
)

// Value is one decoded record: an argument of printf, a trace() datum or an
// aggregation key.
type Value struct {
	Kind   Kind
	Size   int  // in bytes, as the D type's size
	Signed bool // integers: the D type is signed
	Bits   uint64
	Float  float64
	Bytes  []byte
	PCs    []uint64
	PID    uint32
	UAddr  bool // KindUSym: uaddr() (print the address itself, not the function)
}

// Int returns a signed integer Value of size bytes.
func Int(v int64, size int) Value {
	return Value{Kind: KindInt, Size: size, Signed: true, Bits: uint64(v)}
}

// Uint returns an unsigned integer Value of size bytes.
func Uint(v uint64, size int) Value {
	return Value{Kind: KindInt, Size: size, Bits: v}
}

// Str returns a string Value recorded in a buffer of strsize bytes, as the
// kernel side records it: the text, a NUL, zero padding. A string as long as
// the buffer has no NUL.
func Str(s string, strsize int) Value {
	if strsize < len(s) {
		strsize = len(s)
	}
	b := make([]byte, strsize)
	copy(b, s)
	return Value{Kind: KindString, Size: strsize, Bytes: b}
}

// Float returns a floating-point Value of size bytes (4, 8 or 16).
func Float(f float64, size int) Value { return Value{Kind: KindFloat, Size: size, Float: f} }

// Stack returns a kernel stack Value.
func Stack(pcs ...uint64) Value { return Value{Kind: KindStack, PCs: pcs} }

// UStack returns a user stack Value of process pid.
func UStack(pid uint32, pcs ...uint64) Value { return Value{Kind: KindUStack, PID: pid, PCs: pcs} }

// Text returns the string held by a string Value: its bytes up to the first NUL.
func (v Value) Text() string {
	if i := bytes.IndexByte(v.Bytes, 0); i >= 0 {
		return string(v.Bytes[:i])
	}
	return string(v.Bytes)
}

// padded is the record as DTrace records it: for a string, the bytes after
// the first NUL are zero (DTrace zero-fills string buffers; a BPF program
// copying with bpf_probe_read_str may leave stale bytes there, which would
// otherwise turn the string into a hex dump).
func (v Value) padded() []byte {
	if v.Kind != KindString {
		return v.Bytes
	}
	i := bytes.IndexByte(v.Bytes, 0)
	if i < 0 {
		return v.Bytes
	}
	tail := v.Bytes[i:]
	for _, c := range tail {
		if c != 0 {
			b := make([]byte, len(v.Bytes))
			copy(b, v.Bytes[:i])
			return b
		}
	}
	return v.Bytes
}

// sint returns the integer as DTrace reads a signed record of its size.
func (v Value) sint() int64 {
	switch v.Size {
	case 1:
		return int64(int8(v.Bits))
	case 2:
		return int64(int16(v.Bits))
	case 4:
		return int64(int32(v.Bits))
	}
	return int64(v.Bits)
}

// uint returns the integer as DTrace reads an unsigned record of its size.
func (v Value) uint() uint64 {
	switch v.Size {
	case 1:
		return uint64(uint8(v.Bits))
	case 2:
		return uint64(uint16(v.Bits))
	case 4:
		return uint64(uint32(v.Bits))
	}
	return v.Bits
}

// Symbolizer resolves addresses for %a, %A, %k, stack(), sym() and friends
// (runtime/symbols implements it). A nil Symbolizer, or a lookup that fails,
// prints raw addresses as DTrace does when it cannot resolve them.
type Symbolizer interface {
	// Kernel resolves a kernel address.
	Kernel(addr uint64) (symbols.Symbol, bool)
	// User resolves an address in process pid.
	User(pid uint32, addr uint64) (symbols.Symbol, bool)
}

// Env is the environment printers consult.
type Env struct {
	Sym         Symbolizer
	Location    *time.Location // time zone of %Y and %T; nil means time.Local
	StackIndent int            // stackindent option (DTrace's default is 14)
	Quiet       bool           // -q / quiet option: changes trace() layout
	RawBytes    bool           // rawbytes option: trace() and keys of bytes always print as a hex dump
	// Thousands is the separator the "'" flag groups %d, %i and %u digits
	// with, the numeric locale's. dtrace(1) on illumos and FreeBSD never
	// calls setlocale(3), so it runs in the C locale, whose separator is
	// empty: "'" groups nothing, whatever LANG or LC_ALL say. godtrace's
	// printer leaves it empty likewise (Oracle's Linux port, which sets the
	// locale from the environment, groups under en_US).
	Thousands string
}

// DefaultStackIndent is DTrace's default stackindent.
const DefaultStackIndent = 14

func (e *Env) loc() *time.Location {
	if e == nil || e.Location == nil {
		return time.Local
	}
	return e.Location
}

func (e *Env) sym() Symbolizer {
	if e == nil {
		return nil
	}
	return e.Sym
}

// NewEnv returns an Env with DTrace's defaults (stackindent 14, local time).
func NewEnv(sym Symbolizer) *Env {
	return &Env{Sym: sym, StackIndent: DefaultStackIndent}
}

func (e *Env) stackIndent() int {
	if e == nil {
		return DefaultStackIndent
	}
	return e.StackIndent
}

func (e *Env) quiet() bool { return e != nil && e.Quiet }

func (e *Env) rawBytes() bool { return e != nil && e.RawBytes }

func (e *Env) thousands(c *printf.Conversion) string {
	if e == nil || !c.Has(printf.FlagGroup) {
		return ""
	}
	return e.Thousands
}
