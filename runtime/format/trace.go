// This file implements dtrace(1)'s record layout: the column header, the
// per-probe prefix (chew), trace() data (dt_consume_cpu) and the newline
// that ends a probe's records (chewrec), with the flowindent variant.

package format

import (
	"fmt"
	"io"
	"strings"
)

// Header is the column header dtrace(1) prints before the first probe's
// output when not quiet: "CPU     ID                    FUNCTION:NAME".
const Header = "CPU     ID                    FUNCTION:NAME\n"

// FlowHeader is the header with -F (flowindent), printed even when quiet.
var FlowHeader = fmt.Sprintf("%3s %-41s\n", "CPU", "FUNCTION")

// Probe identifies the probe whose records are being printed.
type Probe struct {
	CPU      int
	ID       uint32
	Provider string
	Function string
	Name     string
}

// Prefix is chew()'s per-probe prefix when not quiet: "%3d %6d %32s " with
// FUNCTION:NAME (":BEGIN" for dtrace:::BEGIN, whose function is empty).
func Prefix(p Probe) string {
	return fmt.Sprintf("%3d %6d %32s ", p.CPU, p.ID, p.Function+":"+p.Name)
}

// Printer lays out the trace records of successive probe firings as
// dtrace(1) does: the header once, a prefix per firing, its records, a
// newline after the firing's last record (not when quiet).
type Printer struct {
	W    io.Writer
	Env  *Env
	Flow bool // -F / flowindent

	headed bool
	flow   flowState
}

// BeginProbe starts the output of one probe firing (chew).
func (p *Printer) BeginProbe(pr Probe) error {
	var out strings.Builder
	quiet := p.Env.quiet()
	if !p.headed {
		p.headed = true
		if p.Flow {
			out.WriteString(FlowHeader)
		} else if !quiet {
			out.WriteString(Header)
		}
	}
	switch {
	case p.Flow:
		out.WriteString(p.flow.prefix(pr))
	case !quiet:
		out.WriteString(Prefix(pr))
	}
	_, err := io.WriteString(p.W, out.String())
	return err
}

// EndProbe ends one probe firing's output (chewrec with no record).
func (p *Printer) EndProbe() error {
	if p.Env.quiet() {
		return nil
	}
	_, err := io.WriteString(p.W, "\n")
	return err
}

// Trace prints one trace() datum.
func (p *Printer) Trace(v Value) error {
	_, err := io.WriteString(p.W, TraceString(v, p.Env))
	return err
}

// TraceString is a trace() datum as dt_consume_cpu prints it: integers as
// " %16lld", " %8d", " %5d", " %3d" by size (quiet: "%lld"/"%d"; 1- and
// 2-byte values read unsigned, 4-byte as int), strings via dt_print_bytes
// (" %-33s"-like, quiet "%s"), stacks one frame per line.
func TraceString(v Value, env *Env) string {
	var out strings.Builder
	quiet := env.quiet()
	switch v.Kind {
	case KindInt, KindFloat:
		bits := v.Bits
		if v.Kind == KindFloat {
			bits = uint64(int64(v.Float))
		}
		switch v.Size {
		case 1:
			fmt.Fprintf(&out, pick(quiet, "%d", " %3d"), uint8(bits))
		case 2:
			fmt.Fprintf(&out, pick(quiet, "%d", " %5d"), uint16(bits))
		case 4:
			fmt.Fprintf(&out, pick(quiet, "%d", " %8d"), int32(bits))
		default:
			fmt.Fprintf(&out, pick(quiet, "%d", " %16d"), int64(bits))
		}
	case KindStack, KindUStack:
		printStack(&out, v, env.stackIndent(), spec{prec: -1}, env)
	case KindSym, KindMod, KindUSym, KindUMod:
		fmt.Fprintf(&out, "  %-50s", symbolText(v, env))
	default:
		printBytes(&out, v.padded(), -33, quiet, env.rawBytes())
	}
	return out.String()
}

func pick(q bool, a, b string) string {
	if q {
		return a
	}
	return b
}

// Tracemem is tracemem(addr, size): always a hex dump of the bytes.
func Tracemem(v Value, env *Env) string {
	var out strings.Builder
	printBytes(&out, v.Bytes, -33, env.quiet(), true)
	return out.String()
}

// flowState is dt_flowindent's state: the indent and the last probe.
type flowState struct {
	indent int
}

// prefix is the flowindent prefix "%3d %-41s " with the indented
// " -> func" / " <- func" (" => " / " <= " for syscall probes), or
// " | func:name" for other probes.
func (f *flowState) prefix(p Probe) string {
	entry := p.Name == "entry" || strings.HasSuffix(p.Name, "-entry")
	ret := p.Name == "return" || strings.HasSuffix(p.Name, "-return")
	sys := p.Provider == "syscall"
	var name string
	switch {
	case entry:
		arrow := " -> "
		if sys {
			arrow = " => "
		}
		name = strings.Repeat(" ", f.indent) + arrow + p.Function
	case ret:
		if f.indent > 0 {
			f.indent -= 2
		}
		arrow := " <- "
		if sys {
			arrow = " <= "
		}
		name = strings.Repeat(" ", f.indent) + arrow + p.Function
	default:
		name = strings.Repeat(" ", f.indent) + "| " + p.Function + ":" + p.Name
	}
	s := fmt.Sprintf("%3d %-41s ", p.CPU, name)
	if entry {
		f.indent += 2
	}
	return s
}
