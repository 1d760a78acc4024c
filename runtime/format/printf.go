// This file implements Printf, DTrace's printf() engine, after libdtrace's
// dt_printf_format: one printer per conversion of the dlang/printf table.

package format

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/godtrace/godtrace/dlang/printf"
	"github.com/godtrace/godtrace/runtime/symbols"
)

// Printf prints args through the parsed format f exactly as DTrace's
// printf() action does. args are the values in argument order, dynamic
// widths and precisions ('*') included, as the checker validated them.
func Printf(w io.Writer, f *printf.Format, args []Value, env *Env) error {
	return run(w, f, args, nil, env)
}

// Sprintf is Printf into a string.
func Sprintf(f *printf.Format, args []Value, env *Env) (string, error) {
	var b strings.Builder
	err := Printf(&b, f, args, env)
	return b.String(), err
}

// aggCell is the aggregation value a %@ conversion prints.
type aggCell struct {
	agg  *Aggregation
	data *Data
}

// run is dt_printf_format. aggs, for printa, are the values %@ conversions
// take in turn; conversions past the last one reuse the last.
func run(w io.Writer, f *printf.Format, args []Value, aggs []aggCell, env *Env) error {
	var out strings.Builder
	cur := 0
	next := func(c *printf.Conversion) (Value, error) {
		if len(args) == 0 {
			return Value{}, fmt.Errorf("printf: conversion #%d (%s) has no argument", c.Index, c.Text)
		}
		v := args[0]
		args = args[1:]
		return v, nil
	}
	for _, it := range f.Items {
		out.WriteString(it.Literal)
		c := it.Conv
		if c == nil {
			continue
		}
		if c.Info.Print == printf.PrintPct {
			out.WriteByte('%')
			continue
		}
		width, prec := c.Width, c.Prec
		dynWidth := 0
		if c.Has(printf.FlagDynWidth) {
			v, err := next(c)
			if err != nil {
				return err
			}
			width = int(int32(v.sint()))
			dynWidth = width
		}
		if c.Has(printf.FlagDynPrec) {
			v, err := next(c)
			if err != nil {
				return err
			}
			prec = int(int32(v.sint()))
		}
		width, prec = clampField(width), clampField(prec)
		s := spec{
			alt:   c.Has(printf.FlagAlt),
			zero:  c.Has(printf.FlagZero),
			left:  width < 0 || c.Has(printf.FlagLeft),
			plus:  c.Has(printf.FlagPlus),
			space: c.Has(printf.FlagSpace),
			width: abs(width),
			group: env.thousands(c),
			prec:  -1,
		}
		if prec > 0 { // DTrace only passes a positive precision on
			s.prec = prec
		}
		if c.Has(printf.FlagAgg) {
			if len(aggs) == 0 {
				return fmt.Errorf("printf: %%@ conversion #%d without an aggregation", c.Index)
			}
			cell := aggs[cur]
			if cur < len(aggs)-1 {
				cur++
			}
			if err := printAggValue(&out, s, c, cell, env); err != nil {
				return err
			}
			continue
		}
		v, err := next(c)
		if err != nil {
			return err
		}
		if err := printConv(&out, s, c, v, 1, dynWidth, env); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// maxField bounds widths and precisions (a '*' argument can ask for two
// gigabytes of padding, which C's printf would fail with EOVERFLOW).
const maxField = 1 << 20

func clampField(n int) int {
	switch {
	case n > maxField:
		return maxField
	case n < -maxField:
		return -maxField
	}
	return n
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// printConv prints one value through conversion c (the pfprint_* functions).
// normal divides integers (normalize()); dynWidth is the '*' width, which
// %k uses as its indent.
func printConv(out *strings.Builder, s spec, c *printf.Conversion, v Value, normal uint64, dynWidth int, env *Env) error {
	in := c.Info
	verb := in.Verb()
	if normal == 0 {
		normal = 1
	}
	switch in.Print {
	case printf.PrintSInt, printf.PrintUInt, printf.PrintDInt:
		if v.Kind == KindFloat {
			v = Int(int64(v.Float), 8)
		}
		signed := in.Print == printf.PrintSInt || (in.Print == printf.PrintDInt && v.Signed)
		if in.Out == "lc" || in.Out == "wc" {
			r := rune(int32(v.sint()))
			if !utf8.ValidRune(r) {
				r = utf8.RuneError
			}
			out.WriteString(s.pad(string(r), 0, true))
			return nil
		}
		if signed {
			n := v.sint()
			if v.Size == 8 {
				n /= int64(normal)
			} else {
				n = int64(int32(n) / int32(normal))
			}
			if verb == 'c' {
				out.WriteString(cChar(s, byte(n)))
				return nil
			}
			if v.Size == 8 {
				out.WriteString(cSigned(s, verb, n))
			} else {
				out.WriteString(cUnsigned(s, verb, uint64(uint32(int32(n))), 4))
			}
			return nil
		}
		n := v.uint()
		if verb == 'd' || verb == 'i' {
			verb = 'u' // pfcheck_dint: %d of an unsigned type prints as %u
		}
		width := 4
		if v.Size == 8 {
			n /= normal
			width = 8
		} else {
			n = uint64(uint32(n) / uint32(normal))
		}
		if verb == 'c' {
			out.WriteString(cChar(s, byte(n)))
			return nil
		}
		out.WriteString(cUnsigned(s, verb, n, width))
	case printf.PrintFP:
		f := v.Float
		if v.Kind == KindInt {
			if v.Signed {
				f = float64(v.sint())
			} else {
				f = float64(v.uint())
			}
		}
		out.WriteString(cFloat(s, verb, f/float64(normal)))
	case printf.PrintAddr:
		out.WriteString(cString(s, kernelAddr(env.sym(), addrOf(v))))
	case printf.PrintUAddr:
		pid := v.PID
		out.WriteString(cString(s, userAddr(env.sym(), pid, addrOf(v))))
	case printf.PrintStack:
		// pfprint_stack: a '-' width (or a negative '*') becomes the indent.
		indent := 0
		switch {
		case dynWidth < 0:
			indent = -dynWidth
		case c.Has(printf.FlagLeft):
			indent = s.width
		}
		fs := s
		if c.Has(printf.FlagLeft) {
			fs.width, fs.left = 0, false
		}
		printStack(out, v, indent, fs, env)
	case printf.PrintTime:
		out.WriteString(cString(s, timeY(int64(v.Bits), env.loc())))
	case printf.PrintTime822:
		out.WriteString(cString(s, time822(int64(v.Bits), env.loc())))
	case printf.PrintCStr:
		out.WriteString(cString(s, v.Text()))
	case printf.PrintWStr:
		out.WriteString(cString(s, wideText(v.Bytes)))
	case printf.PrintEStr:
		out.WriteString(cString(s, escape(v.Bytes)))
	case printf.PrintEChr:
		out.WriteString(cString(s, escape([]byte{byte(v.sint())})))
	default:
		return fmt.Errorf("printf: conversion %s cannot print", c.Text)
	}
	return nil
}

func addrOf(v Value) uint64 {
	if v.Kind == KindInt && v.Size == 4 {
		return uint64(uint32(v.Bits))
	}
	return v.Bits
}

// symString renders a resolved address the way dtrace_addr2str does.
func symString(sym symbols.Symbol, ok bool, addr uint64, withOffset bool) string {
	switch {
	case ok && sym.Name != "":
		if withOffset && sym.Offset != 0 {
			return fmt.Sprintf("%s`%s+0x%x", sym.Module, sym.Name, sym.Offset)
		}
		return sym.Module + "`" + sym.Name
	case ok && sym.Module != "":
		return fmt.Sprintf("%s`0x%x", sym.Module, addr)
	}
	return fmt.Sprintf("0x%x", addr)
}

func kernelAddr(sy Symbolizer, addr uint64) string {
	if sy == nil {
		return symString(symbols.Symbol{}, false, addr, true)
	}
	s, ok := sy.Kernel(addr)
	return symString(s, ok, addr, true)
}

func userAddr(sy Symbolizer, pid uint32, addr uint64) string {
	if sy == nil || pid == 0 {
		return symString(symbols.Symbol{}, false, addr, true)
	}
	s, ok := sy.User(pid, addr)
	return symString(s, ok, addr, true)
}

// printStack is dt_print_stack / dt_print_ustack: a newline, then one line
// per frame, indented, each frame through the conversion's width.
func printStack(out *strings.Builder, v Value, indent int, s spec, env *Env) {
	if v.Kind == KindUStack && len(v.PCs) == 0 {
		return
	}
	out.WriteByte('\n')
	for _, pc := range v.PCs {
		if pc == 0 {
			break
		}
		out.WriteString(strings.Repeat(" ", indent))
		var frame string
		if v.Kind == KindUStack {
			frame = userAddr(env.sym(), v.PID, pc)
		} else {
			frame = kernelAddr(env.sym(), pc)
		}
		out.WriteString(cString(s, frame))
		out.WriteByte('\n')
	}
}

// timeY is %Y: ctime(3C) rearranged as "2026 Nov 25 22:15:36".
func timeY(ns int64, loc *time.Location) string {
	return time.Unix(ns/1e9, 0).In(loc).Format("2006 Jan _2 15:04:05")
}

// time822 is %T: strftime "%a, %d %b %G %T %Z" (note %G, the ISO week year).
func time822(ns int64, loc *time.Location) string {
	t := time.Unix(ns/1e9, 0).In(loc)
	y, _ := t.ISOWeek()
	return t.Format("Mon, 02 Jan ") + strconv.Itoa(y) + t.Format(" 15:04:05 MST")
}

// escape is libdtrace's strchr2esc: C escapes for specials, octal for other
// non-printing bytes, stopping after the first NUL (printed as \0).
func escape(b []byte) string {
	var q strings.Builder
	for _, c := range b {
		switch c {
		case 0:
			q.WriteString(`\0`)
		case '\a':
			q.WriteString(`\a`)
		case '\b':
			q.WriteString(`\b`)
		case '\f':
			q.WriteString(`\f`)
		case '\n':
			q.WriteString(`\n`)
		case '\r':
			q.WriteString(`\r`)
		case '\t':
			q.WriteString(`\t`)
		case '\v':
			q.WriteString(`\v`)
		case '"':
			q.WriteString(`\"`)
		case '\\':
			q.WriteString(`\\`)
		case ' ':
			q.WriteByte(' ')
		default:
			if c < '!' || c > '~' {
				q.WriteByte('\\')
				q.WriteByte('0' + (c>>6)&3)
				q.WriteByte('0' + (c>>3)&7)
				q.WriteByte('0' + c&7)
			} else {
				q.WriteByte(c)
			}
		}
		if c == 0 {
			break
		}
	}
	return q.String()
}

// wideText decodes a wchar_t (32-bit, little-endian) string up to its NUL.
func wideText(b []byte) string {
	var q strings.Builder
	for i := 0; i+4 <= len(b); i += 4 {
		r := rune(uint32(b[i]) | uint32(b[i+1])<<8 | uint32(b[i+2])<<16 | uint32(b[i+3])<<24)
		if r == 0 {
			break
		}
		q.WriteRune(r)
	}
	return q.String()
}
