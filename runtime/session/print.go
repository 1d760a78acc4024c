// This file implements the record printer: it decodes a clause record with its EPID
// descriptor and prints it as dtrace(1) does, through runtime/format.
package session

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strings"

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
			if err := r.p.Trace(decode(a.Args[0], data, r.p.Env.Sym)); err != nil {
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
				vals[i] = decode(arg, data, r.p.Env.Sym)
			}
			if err := format.Printf(r.w, f, vals, r.p.Env); err != nil {
				return err
			}
		case compiler.ActPrint:
			arg := a.Args[0]
			b := data[arg.Offset-4 : arg.Offset-4+arg.Size]
			if arg.Kind == compiler.ArgString {
				b = decode(arg, data, nil).Bytes
			}
			if err := format.Print(r.w, a.PType, b, r.p.Env); err != nil {
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
func decode(a *compiler.Arg, data []byte, sym format.Symbolizer) format.Value {
	switch a.Kind {
	case compiler.ArgSym, compiler.ArgUSym:
		return symValue(a, data[a.Offset-4:a.Offset-4+a.Size])
	case compiler.ArgStack:
		return format.Stack(trimStack(sym, pcs(data[a.Offset-4:a.Offset-4+a.Size]))...)
	case compiler.ArgUStack:
		b := data[a.Offset-4 : a.Offset-4+a.Size]
		return format.UStack(uint32(binary.LittleEndian.Uint64(b)), pcs(b[8:])...)
	case compiler.ArgString:
		if a.Offset < 0 {
			s, _ := a.Const.(string)
			return format.Str(s, a.Size)
		}
		// The program copies the string and its NUL; the rest of the slot is whatever the
		// ring buffer held. DTrace's buffer is NUL-padded: pad it so.
		b := make([]byte, a.Size)
		src := data[a.Offset-4 : a.Offset-4+a.Size]
		if i := bytes.IndexByte(src, 0); i >= 0 {
			src = src[:i]
		}
		copy(b, src)
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

// pcs decodes a 0-terminated array of 64-bit addresses.
func pcs(b []byte) []uint64 {
	var out []uint64
	for i := 0; i+8 <= len(b); i += 8 {
		pc := binary.LittleEndian.Uint64(b[i:])
		if pc == 0 {
			break
		}
		out = append(out, pc)
	}
	return out
}

// SetSymbolizer makes the printer resolve addresses (stack(), %a) with sym.
func (r *RecordPrinter) SetSymbolizer(sym format.Symbolizer) { r.p.Env.Sym = sym }

// Env is the printer's formatting environment.
func (r *RecordPrinter) Env() *format.Env { return r.p.Env }

// tracingFrames are the kernel functions between a probe site and the BPF program:
// DTrace's stack() starts at the probe site, so leading frames in them are dropped.
var tracingFrames = []string{"bpf_trace_run", "__bpf_trace_", "__traceiter_", "perf_trace_",
	"trace_call_bpf", "perf_tp_event", "perf_syscall_", "bpf_prog_run", "__bpf_prog_run",
	"bpf_test_run", "bpf_prog_test_run", "__sys_bpf", "__x64_sys_bpf", "bpf_overflow_handler",
	"__perf_event_overflow", "perf_swevent_"}

// trimStack drops the BPF program's own frame and the tracing machinery above the probe
// site from a kernel stack.
func trimStack(sym format.Symbolizer, pcs []uint64) []uint64 {
	if sym == nil {
		return pcs
	}
	for len(pcs) > 1 {
		s, ok := sym.Kernel(pcs[0])
		if !ok {
			break
		}
		drop := s.Module == "bpf"
		for _, p := range tracingFrames {
			drop = drop || strings.HasPrefix(s.Name, p)
		}
		if !drop {
			break
		}
		pcs = pcs[1:]
	}
	return pcs
}

// symValue decodes sym(), func(), mod() (an address) and usym(), ufunc(), umod(), uaddr()
// (a pid and an address).
func symValue(a *compiler.Arg, b []byte) format.Value {
	switch a.Type {
	case "mod":
		return format.Value{Kind: format.KindMod, Bits: binary.LittleEndian.Uint64(b)}
	case "usym", "ufunc", "uaddr":
		return format.Value{Kind: format.KindUSym, PID: uint32(binary.LittleEndian.Uint64(b)),
			Bits: binary.LittleEndian.Uint64(b[8:]), UAddr: a.Type == "uaddr"}
	case "umod":
		return format.Value{Kind: format.KindUMod, PID: uint32(binary.LittleEndian.Uint64(b)),
			Bits: binary.LittleEndian.Uint64(b[8:])}
	}
	return format.Value{Kind: format.KindSym, Bits: binary.LittleEndian.Uint64(b)}
}
