// This file implements structured output (-x oformat=json): every record, aggregation,
// drop and error as a JSON object on its own line, after FreeBSD's dtrace(1) STRUCTURED
// OUTPUT, streamed so that a reader (the notebooks' Python bridge) sees each as it comes.
package session

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/godtrace/godtrace/compiler"
	dprintf "github.com/godtrace/godtrace/dlang/printf"
	"github.com/godtrace/godtrace/runtime/format"
)

// JSONProbe is one line of structured output: a probe's record with its "output" list,
// or one of the dtrace:INTERNAL pseudo-probes (DROP, ERROR, AGGREGATIONS, EXIT) with the
// fields of their kind. Timestamp is the wall-clock time of output, in ns since the epoch
// (FreeBSD: "generated at output time rather than probe firing time").
type JSONProbe struct {
	Timestamp int64  `json:"timestamp"`
	CPU       int    `json:"cpu"`
	ID        int64  `json:"id"`
	Provider  string `json:"provider"`
	Module    string `json:"module"`
	Function  string `json:"function"`
	Name      string `json:"name"`
	Output    []any  `json:"output,omitempty"`
	// DROP and ERROR.
	Count *uint64 `json:"count,omitempty"`
	Kind  string  `json:"kind,omitempty"` // DROP: principal, aggregation, dynamic; ERROR: fault
	Msg   string  `json:"msg,omitempty"`
	// EXIT.
	Status *int `json:"status,omitempty"`
}

// JSONPrinter writes structured output. Its methods may be called from the consumer and
// from a periodic snapshot at once: one lock orders the lines and the aggregation state.
type JSONPrinter struct {
	mu      sync.Mutex
	w       *bufio.Writer
	env     *format.Env
	sort    format.SortOptions
	formats map[*compiler.Action]*dprintf.Format
	now     func() int64
}

// NewJSONPrinter returns a printer of JSON lines on w.
func NewJSONPrinter(w io.Writer, sort format.SortOptions) *JSONPrinter {
	env := format.NewEnv(nil)
	env.Quiet = true
	return &JSONPrinter{w: bufio.NewWriter(w), env: env, sort: sort,
		formats: map[*compiler.Action]*dprintf.Format{}, now: func() int64 { return time.Now().UnixNano() }}
}

// SetSymbolizer makes the printer resolve addresses with sym.
func (j *JSONPrinter) SetSymbolizer(sym format.Symbolizer) { j.env.Sym = sym }

// internal is a dtrace:INTERNAL pseudo-probe line.
func (j *JSONPrinter) internal(name string) *JSONProbe {
	return &JSONProbe{Timestamp: j.now(), CPU: -1, ID: -1, Provider: "dtrace", Module: "INTERNAL", Function: "INTERNAL", Name: name}
}

// emit writes one line; the caller holds j.mu.
func (j *JSONPrinter) emit(p any) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	j.w.Write(b)
	j.w.WriteByte('\n')
	return j.w.Flush()
}

// Record prints one clause record (see Printer): trace() as {"value": v}, printf() as
// {"message": text} then {"value": arg} per argument, print() as {"print": text},
// printa() as its aggregations (after {"message": text} when it has a format).
func (j *JSONPrinter) Record(s *Session, epid *compiler.EPID, cpu uint32, data []byte) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	pi := epid.Probe
	p := &JSONProbe{Timestamp: j.now(), CPU: int(cpu), ID: int64(pi.ID), Provider: pi.Provider,
		Module: pi.Module, Function: pi.Function, Name: pi.Name, Output: []any{}}
	for _, a := range epid.Actions {
		if binary.LittleEndian.Uint32(data[a.Flag-4:]) == 0 {
			continue
		}
		switch a.Kind {
		case compiler.ActTrace:
			p.Output = append(p.Output, format.JSONItem(decode(a.Args[0], data, j.env.Sym), j.env))
		case compiler.ActPrintf:
			f, ok := j.formats[a]
			if !ok {
				var err error
				if f, err = dprintf.Parse(a.Format); err != nil {
					return fmt.Errorf("printf format %q: %w", a.Format, err)
				}
				j.formats[a] = f
			}
			vals := make([]format.Value, len(a.Args))
			for i, arg := range a.Args {
				vals[i] = decode(arg, data, j.env.Sym)
			}
			msg, err := format.Sprintf(f, vals, j.env)
			if err != nil {
				return err
			}
			// "args" (godtrace's addition) says how many items that follow are this
			// printf's arguments, so a reader can tell them from a trace() after it.
			p.Output = append(p.Output, map[string]any{"message": msg, "args": len(vals)})
			for _, v := range vals {
				p.Output = append(p.Output, format.JSONItem(v, j.env))
			}
		case compiler.ActPrint:
			arg := a.Args[0]
			b := data[arg.Offset-4 : arg.Offset-4+arg.Size]
			if arg.Kind == compiler.ArgString {
				b = decode(arg, data, nil).Bytes
			}
			var out strings.Builder
			if err := format.Print(&out, a.PType, b, j.env); err != nil {
				return err
			}
			p.Output = append(p.Output, map[string]any{"print": strings.TrimSpace(out.String())})
		case compiler.ActPrinta:
			var out strings.Builder
			if err := s.aggAction(a, data, &out, j.env); err != nil {
				return err
			}
			if a.Format != "" {
				p.Output = append(p.Output, map[string]any{"message": out.String()})
			}
			for _, id := range a.Aggs {
				p.Output = append(p.Output, format.JSONAggregation(s.aggs[id].fa, j.sort, j.env))
			}
		case compiler.ActClear, compiler.ActTrunc, compiler.ActNormalize, compiler.ActDenormalize:
			if err := s.aggAction(a, data, io.Discard, j.env); err != nil {
				return err
			}
		}
	}
	// A probe's line always has its output list, empty or not.
	return j.emit(&struct {
		*JSONProbe
		Output []any `json:"output"`
	}{p, p.Output})
}

// Aggregations prints a dtrace:INTERNAL:INTERNAL:AGGREGATIONS line holding the
// aggregations: every one (all), or those printa() has not printed (the print at exit,
// -O). It marks none printed. The session must not be consuming when all is false; a
// periodic snapshot (all) may run while it is.
func (j *JSONPrinter) Aggregations(s *Session, all bool) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	p := j.internal("AGGREGATIONS")
	p.Output = []any{}
	for _, a := range s.obj.Aggs {
		st := s.aggs[a.ID]
		if err := s.snapshot(st); err != nil {
			return err
		}
		// The next record's aggregation actions must take their own snapshot.
		st.seq = 0
		if !all && st.fa.Printed {
			continue
		}
		p.Output = append(p.Output, format.JSONAggregation(st.fa, j.sort, j.env))
	}
	return j.emit(p)
}

// Report prints a drop or an error as a dtrace:INTERNAL pseudo-probe (see Config.Report).
func (j *JSONPrinter) Report(name, kind, msg string, count uint64) {
	j.mu.Lock()
	defer j.mu.Unlock()
	p := j.internal(name)
	p.Kind, p.Msg = kind, msg
	if name == "DROP" {
		p.Count = &count
	}
	j.emit(p)
}

// Exit prints the last line: dtrace:INTERNAL:INTERNAL:EXIT with the exit status.
func (j *JSONPrinter) Exit(status int) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	p := j.internal("EXIT")
	p.Status = &status
	return j.emit(p)
}

// Flush flushes buffered output.
func (j *JSONPrinter) Flush() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.w.Flush()
}
