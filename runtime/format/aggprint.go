// This file implements aggregation output: the default print at exit
// (dtrace_aggregate_print), printa() without a format (dt_print_aggs) and
// printa() with a format (dt_printf_format over dtrace_aggregate_walk_joined).

package format

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/godtrace/godtrace/dlang/printf"
	"github.com/godtrace/godtrace/record"
)

// PrintAggregations is the print at exit: every aggregation that printa()
// has not printed, records sorted by aggregation ID then value then key (or
// as the options say), each record on its line(s) as dt_print_aggs lays it
// out. DTrace prints no blank line between aggregations here; dtrace(1)
// prints one blank line before the whole lot.
func PrintAggregations(w io.Writer, aggs []*Aggregation, o SortOptions, env *Env) error {
	var es []entry
	for _, a := range aggs {
		if a.Printed {
			continue
		}
		for _, r := range a.Records {
			es = append(es, entry{a, r})
		}
	}
	sortEntries(es, o)
	var out strings.Builder
	for _, e := range es {
		printRecord(&out, e.rec.Keys, []aggCell{{e.agg, &e.rec.Data}}, env)
	}
	_, err := io.WriteString(w, out.String())
	return err
}

// Printa is printa(@a[, @b ...]) without a format: a blank line, then each
// key with the value of every aggregation (0 where one has no entry for the
// key), sorted as the options say.
func Printa(w io.Writer, aggs []*Aggregation, o SortOptions, env *Env) error {
	var out strings.Builder
	out.WriteByte('\n')
	for _, b := range joined(aggs, o) {
		printRecord(&out, b.keys, b.cells, env)
	}
	markPrinted(aggs)
	_, err := io.WriteString(w, out.String())
	return err
}

// PrintaFormat is printa(format, @a[, @b ...]): for each key (sorted), the
// format with the key's components taken by the ordinary conversions and
// the aggregation values by the %@ conversions, in turn.
func PrintaFormat(w io.Writer, f *printf.Format, aggs []*Aggregation, o SortOptions, env *Env) error {
	var out strings.Builder
	for _, b := range joined(aggs, o) {
		if err := run(&out, f, b.keys, b.cells, env); err != nil {
			return err
		}
	}
	markPrinted(aggs)
	_, err := io.WriteString(w, out.String())
	return err
}

func markPrinted(aggs []*Aggregation) {
	for _, a := range aggs {
		if len(a.Records) > 0 {
			a.Printed = true
		}
	}
}

// bundle is one key with a cell per aggregation (dtrace_aggregate_walk_joined).
type bundle struct {
	keys  []Value
	cells []aggCell
}

// joined groups the records of aggs by key and sorts the groups: with one
// aggregation as dtrace_aggregate_walk_sorted, with several as
// dt_aggregate_bundlecmp (values from the aggsortpos-th aggregation on, then
// the key; or the key first with aggsortkey).
func joined(aggs []*Aggregation, o SortOptions) []bundle {
	n := len(aggs)
	if n == 0 {
		return nil
	}
	if n == 1 {
		a := aggs[0]
		es := make([]entry, 0, len(a.Records))
		for _, r := range a.Records {
			es = append(es, entry{a, r})
		}
		sortEntries(es, o)
		bs := make([]bundle, len(es))
		for i, e := range es {
			bs[i] = bundle{e.rec.Keys, []aggCell{{a, &e.rec.Data}}}
		}
		return bs
	}
	pos := o.Pos
	if pos < 0 || pos >= n {
		pos = 0
	}
	var bs []bundle
	index := map[string]int{}
	zero := make([]Data, n)
	for i, a := range aggs {
		for _, r := range a.Records {
			id := keyID(r.Keys)
			bi, ok := index[id]
			if !ok {
				bi = len(bs)
				index[id] = bi
				bs = append(bs, bundle{keys: r.Keys, cells: make([]aggCell, n)})
			}
			bs[bi].cells[i] = aggCell{a, &r.Data}
		}
	}
	for bi := range bs {
		for i, a := range aggs {
			if bs[bi].cells[i].agg == nil {
				bs[bi].cells[i] = aggCell{a, &zero[i]}
			}
		}
	}
	rot := func(j int) int { return (j + pos) % n }
	lessCmp := func(x, y *bundle) int {
		if o.Key {
			if c := keyCmp(x.keys, y.keys, o.KeyPos); c != 0 {
				return c
			}
		}
		for j := 0; j < n; j++ {
			cx, cy := x.cells[rot(j)], y.cells[rot(j)]
			if c := valCmp(cx.agg, cx.data, cy.data); c != 0 {
				return c
			}
		}
		if o.Key {
			return 0
		}
		return keyCmp(x.keys, y.keys, o.KeyPos)
	}
	sortBundles(bs, func(x, y *bundle) bool {
		c := lessCmp(x, y)
		if o.Rev {
			c = -c
		}
		return c < 0
	})
	return bs
}

// keyID encodes a key tuple so that tuples equal under keyCmp encode alike.
func keyID(keys []Value) string {
	var b strings.Builder
	var w [8]byte
	for _, k := range keys {
		b.WriteByte(byte(k.Kind))
		switch k.Kind {
		case KindInt:
			binary.LittleEndian.PutUint64(w[:], k.uint())
			b.Write(w[:])
			continue
		case KindSym, KindMod, KindUSym, KindUMod:
			binary.LittleEndian.PutUint64(w[:], uint64(k.PID))
			b.Write(w[:])
			binary.LittleEndian.PutUint64(w[:], k.Bits)
			b.Write(w[:])
			continue
		case KindFloat:
			binary.LittleEndian.PutUint64(w[:], math.Float64bits(k.Float))
			b.Write(w[:])
			continue
		}
		rb := recordBytes(k)
		binary.LittleEndian.PutUint64(w[:], uint64(len(rb)))
		b.Write(w[:])
		b.Write(rb)
	}
	return b.String()
}

// printRecord is dt_print_aggs: the keys, each aggregation's value, a newline.
func printRecord(out *strings.Builder, keys []Value, cells []aggCell, env *Env) {
	for _, k := range keys {
		printKey(out, k, env)
	}
	for _, c := range cells {
		printAggDatum(out, c)
	}
	out.WriteByte('\n')
}

// printKey is dt_print_datum for a key: integers in columns of 3, 5, 8 or 16
// by size (1- and 2-byte keys print unsigned), strings left-justified in 50,
// stacks one frame per line, symbols in 50.
func printKey(out *strings.Builder, v Value, env *Env) {
	switch v.Kind {
	case KindInt:
		switch v.Size {
		case 1:
			fmt.Fprintf(out, " %3d", uint8(v.Bits))
		case 2:
			fmt.Fprintf(out, " %5d", uint16(v.Bits))
		case 4:
			fmt.Fprintf(out, " %8d", int32(v.Bits))
		default:
			fmt.Fprintf(out, " %16d", int64(v.Bits))
		}
	case KindFloat:
		fmt.Fprintf(out, " %16d", int64(v.Float))
	case KindStack, KindUStack:
		printStack(out, v, env.stackIndent(), spec{prec: -1}, env)
	case KindSym, KindMod, KindUSym, KindUMod:
		fmt.Fprintf(out, "  %-50s", symbolText(v, env))
	default:
		printBytes(out, v.padded(), -50, false, env.rawBytes())
	}
}

// symbolText renders sym(), mod(), usym(), uaddr(), umod() values.
func symbolText(v Value, env *Env) string {
	sy := env.sym()
	switch v.Kind {
	case KindSym:
		if sy == nil {
			return fmt.Sprintf("0x%x", v.Bits)
		}
		s, ok := sy.Kernel(v.Bits)
		return symString(s, ok, v.Bits, false)
	case KindMod:
		if sy != nil {
			if s, ok := sy.Kernel(v.Bits); ok && s.Module != "" {
				return s.Module
			}
		}
		return fmt.Sprintf("0x%x", v.Bits)
	case KindUSym:
		if sy == nil || v.PID == 0 {
			return fmt.Sprintf("0x%x", v.Bits)
		}
		s, ok := sy.User(v.PID, v.Bits)
		return symString(s, ok, v.Bits, v.UAddr)
	case KindUMod:
		if sy != nil && v.PID != 0 {
			if s, ok := sy.User(v.PID, v.Bits); ok && s.Module != "" {
				return s.Module
			}
		}
		return fmt.Sprintf("0x%x", v.Bits)
	}
	return ""
}

// printAggDatum is dt_print_datum for an aggregation value.
func printAggDatum(out *strings.Builder, c aggCell) {
	a, d := c.agg, c.data
	normal := a.normal()
	switch a.Func {
	case record.FuncQuantize:
		printQuantize(out, d.Buckets, normal)
	case record.FuncLQuantize:
		printLQuantize(out, d.Buckets, a.Low, a.Step, a.levels(), normal)
	case record.FuncLLQuantize:
		printLLQuantize(out, d.Buckets, a.Factor, a.LLLow, a.LLHigh, a.Steps, normal)
	case record.FuncAvg:
		fmt.Fprintf(out, " %16d", d.Avg(normal))
	case record.FuncStddev:
		fmt.Fprintf(out, " %16d", d.Stddev(normal))
	default:
		// C: (long long)*((uint64_t *)addr) / normal, an unsigned division.
		fmt.Fprintf(out, " %16d", int64(uint64(d.Value)/normal))
	}
}

// printAggValue prints an aggregation value through a %@ conversion
// (pfprint_average, pfprint_stddev, pfprint_quantize ..., or the
// conversion's own printer for count, sum, min and max).
func printAggValue(out *strings.Builder, s spec, c *printf.Conversion, cell aggCell, env *Env) error {
	a, d := cell.agg, cell.data
	normal := a.normal()
	switch a.Func {
	case record.FuncQuantize:
		printQuantize(out, d.Buckets, normal)
		return nil
	case record.FuncLQuantize:
		printLQuantize(out, d.Buckets, a.Low, a.Step, a.levels(), normal)
		return nil
	case record.FuncLLQuantize:
		printLLQuantize(out, d.Buckets, a.Factor, a.LLLow, a.LLHigh, a.Steps, normal)
		return nil
	case record.FuncAvg:
		// pfprint_average divides as uint64_t (unlike the default
		// print): a negative mean prints as a huge number, as in DTrace.
		var avg uint64
		if d.Count != 0 {
			avg = uint64(d.Sum) / normal / uint64(d.Count)
		}
		return printConv(out, s, c, Int(int64(avg), 8), 1, 0, env)
	case record.FuncStddev:
		return printConv(out, s, c, Uint(d.Stddev(normal), 8), 1, 0, env)
	case record.FuncCount:
		return printConv(out, s, c, Uint(uint64(d.Value), 8), normal, 0, env)
	}
	return printConv(out, s, c, Int(d.Value, 8), normal, 0, env)
}
