// This file implements the record printer: it decodes a clause record with its EPID
// descriptor and prints it as dtrace(1) does, through runtime/format.
package session

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"

	dprintf "github.com/godtrace/godtrace/dlang/printf"

	"github.com/godtrace/godtrace/compiler"
	"github.com/godtrace/godtrace/runtime/format"
)

// RecordPrinter prints records with dtrace(1)'s layout.
type RecordPrinter struct {
	w       *bufio.Writer
	p       *format.Printer
	formats map[*compiler.Action]*dprintf.Format
}

// NewPrinter returns a printer writing to w; quiet is -q, flow -F (flowindent).
func NewPrinter(w io.Writer, quiet, flow bool) *RecordPrinter {
	bw := bufio.NewWriter(w)
	env := format.NewEnv(nil)
	env.Quiet = quiet
	return &RecordPrinter{
		w:       bw,
		p:       &format.Printer{W: bw, Env: env, Flow: flow},
		formats: map[*compiler.Action]*dprintf.Format{},
	}
}

// Record prints one record (see Printer).
func (r *RecordPrinter) Record(s *Session, epid *compiler.EPID, cpu uint32, data []byte) error {
	pr := format.Probe{CPU: int(cpu), ID: epid.Probe.ID, Provider: epid.Probe.Provider,
		Function: epid.Probe.Function, Name: epid.Probe.Name}
	if err := r.p.BeginProbe(pr); err != nil {
		return err
	}
	for _, a := range epid.Actions {
		if binary.LittleEndian.Uint32(data[a.Flag-4:]) == 0 {
			continue
		}
		switch a.Kind {
		case compiler.ActTrace:
			if err := r.p.Trace(decode(a.Args[0], data)); err != nil {
				return err
			}
		case compiler.ActPrintf:
			f, ok := r.formats[a]
			if !ok {
				var err error
				if f, err = dprintf.Parse(a.Format); err != nil {
					return fmt.Errorf("printf format %q: %w", a.Format, err)
				}
				r.formats[a] = f
			}
			vals := make([]format.Value, len(a.Args))
			for i, arg := range a.Args {
				vals[i] = decode(arg, data)
			}
			if err := format.Printf(r.w, f, vals, r.p.Env); err != nil {
				return err
			}
		case compiler.ActPrinta, compiler.ActClear, compiler.ActTrunc, compiler.ActNormalize, compiler.ActDenormalize:
			if err := s.aggAction(a, data, r.w, r.p.Env); err != nil {
				return err
			}
		}
	}
	if err := r.p.EndProbe(); err != nil {
		return err
	}
	return r.w.Flush()
}

// Write writes text outside records (the newline dtrace(1) prints on stopping).
func (r *RecordPrinter) Write(s string) error {
	if _, err := r.w.WriteString(s); err != nil {
		return err
	}
	return r.w.Flush()
}

// Flush flushes buffered output.
func (r *RecordPrinter) Flush() error { return r.w.Flush() }

// decode turns one recorded argument into a format.Value.
func decode(a *compiler.Arg, data []byte) format.Value {
	switch a.Kind {
	case compiler.ArgString:
		if a.Offset < 0 {
			s, _ := a.Const.(string)
			return format.Str(s, a.Size)
		}
		b := make([]byte, a.Size)
		copy(b, data[a.Offset-4:])
		return format.Value{Kind: format.KindString, Size: a.Size, Bytes: b}
	}
	var bits uint64
	if a.Offset < 0 {
		switch c := a.Const.(type) {
		case int64:
			bits = uint64(c)
		case uint64:
			bits = c
		}
	} else {
		bits = binary.LittleEndian.Uint64(data[a.Offset-4:])
	}
	return format.Value{Kind: format.KindInt, Size: a.Size, Signed: a.Signed, Bits: bits}
}
