package format

import (
	"strings"
	"testing"
	"time"

	"github.com/godtrace/godtrace/record"
)

// Scenario: dtrace(1) without -q. BEGIN traces an int, each integer size, a
// string and printf text; syscall::read:entry traces a string and a 64-bit
// value. Layout from dtrace.c's chew/chewrec and dt_consume_cpu: header once
// ("%3s %6s %32s"), prefix "%3d %6d %32s ", records, newline per firing.
// Doubt: 1- and 2-byte trace() values print unsigned (dt_consume_cpu reads
// them as uint8_t/uint16_t); Oracle's Linux port prints them signed.
func TestTraceLayout(t *testing.T) {
	var out strings.Builder
	p := &Printer{W: &out, Env: NewEnv(nil)}
	fire := func(pr Probe, vs ...Value) {
		if err := p.BeginProbe(pr); err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			if err := p.Trace(v); err != nil {
				t.Fatal(err)
			}
		}
		if err := p.EndProbe(); err != nil {
			t.Fatal(err)
		}
	}
	begin := Probe{CPU: 1, ID: 1, Provider: "dtrace", Name: "BEGIN"}
	read := Probe{CPU: 0, ID: 1234, Provider: "syscall", Function: "read", Name: "entry"}
	fire(begin, Int(42, 4))
	fire(begin, Int(-1, 1), Int(-1, 2), Int(-1, 4), Int(-1, 8), Uint(1<<63, 8))
	fire(begin, Str("hello", 256), Str("world", 256))
	fire(read, Str("io-static", 16), Uint(4096, 8))
	fire(read) // a firing with no data record still gets its line
	// printf output goes between the prefix and the newline.
	if err := p.BeginProbe(read); err != nil {
		t.Fatal(err)
	}
	if err := Printf(&out, mustParse(t, "read %d bytes"), []Value{Int(512, 4)}, nil); err != nil {
		t.Fatal(err)
	}
	if err := p.EndProbe(); err != nil {
		t.Fatal(err)
	}
	golden(t, "trace_layout", out.String())

	// The same with -q: no header, no prefix, no newline, bare numbers.
	out.Reset()
	env := NewEnv(nil)
	env.Quiet = true
	p = &Printer{W: &out, Env: env}
	fire(begin, Int(42, 4), Str("|", 256), Int(-1, 1), Str("|", 256), Int(-7, 8), Str("\n", 256))
	fire(read, Str("io-static", 16), Str("\n", 256))
	golden(t, "trace_quiet", out.String())
}

// Scenario: trace() of bytes that are not a string (dt_print_bytes' hex
// dump), of an empty string (also dumped: DTrace requires a printable byte
// before the NUL), of a string filling its buffer, and of a stack.
func TestTraceBytesAndStacks(t *testing.T) {
	env := NewEnv(fakeSyms{})
	var out strings.Builder
	out.WriteString(TraceString(Value{Kind: KindBytes, Bytes: []byte("\x01\x02ABCDEFGHIJKLMNOPQRSTUVWXYZ\xff")}, env))
	out.WriteString("|\n")
	out.WriteString(TraceString(Str("", 8), env))
	out.WriteString("|\n")
	out.WriteString(TraceString(Str("12345678", 8), env))
	out.WriteString("|\n")
	// A string whose buffer holds stale bytes after the NUL prints as the
	// string (DTrace zero-fills; raw bytes would be dumped in hex).
	out.WriteString(TraceString(Value{Kind: KindString, Size: 8, Bytes: []byte("ab\x00\x01zz\x00\x00")}, env))
	out.WriteString("|\n")
	out.WriteString(TraceString(Stack(0xffffffff81000010, 0xffffffff81000120, 0xffffffffc0000020, 0xdead, 0, 0), env))
	out.WriteString("|\n")
	golden(t, "trace_bytes", out.String())

	// -x rawbytes: strings too print as a hex dump.
	env.RawBytes = true
	if got, want := TraceString(Str("hi", 4), env), "\n             0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f  0123456789abcdef\n         0: 68 69 00 00                                      hi..\n"; got != want {
		t.Errorf("rawbytes:\n got %q\nwant %q", got, want)
	}
}

// Scenario: the print at exit of a script using every aggregating function,
// string, integer and stack keys, normalize(), in the order of the
// variables' first appearance. Rules: dt_print_aggs / dt_print_datum
// (string keys "  %-50s", integer keys by size, values " %16lld", avg and
// stddev " %16lld"/" %16llu", tables with a leading newline), sorted by
// value then key; no blank line between aggregations.
func TestAggregationExitPrint(t *testing.T) {
	env := NewEnv(fakeSyms{})
	pf := func(s string) []Value { return k(Str(s, 256)) }
	calls := &Aggregation{ID: 0, Func: record.FuncCount}
	for _, fn := range []string{"read", "read", "read", "write", "close", "write", "openat", "read"} {
		build(calls, call{keys: pf(fn)})
	}
	bytes := &Aggregation{ID: 1, Name: "bytes", Func: record.FuncSum}
	build(bytes,
		call{keys: k(Str("io-static", 16), Int(3, 4)), v: 1 << 20},
		call{keys: k(Str("io-static", 16), Int(1, 4)), v: 57},
		call{keys: k(Str("bash", 16), Int(1, 4)), v: 57})
	avg := build(&Aggregation{ID: 2, Name: "avg", Func: record.FuncAvg}, call{v: 10}, call{v: 20}, call{v: 31})
	mn := build(&Aggregation{ID: 3, Name: "min", Func: record.FuncMin}, call{v: 10}, call{v: -20})
	mx := build(&Aggregation{ID: 4, Name: "max", Func: record.FuncMax}, call{v: 10}, call{v: -20})
	sd := build(&Aggregation{ID: 5, Name: "sd", Func: record.FuncStddev}, call{v: 2}, call{v: 4}, call{v: 4}, call{v: 4}, call{v: 5}, call{v: 5}, call{v: 7}, call{v: 9})
	lat := &Aggregation{ID: 6, Name: "lat", Func: record.FuncQuantize}
	for _, v := range []int64{1200, 1500, 3000, 3100, 3900, 7000, 16000, 250000} {
		build(lat, call{keys: pf("read"), v: v})
	}
	for _, v := range []int64{800, 900} {
		build(lat, call{keys: pf("write"), v: v})
	}
	lin := &Aggregation{ID: 7, Name: "lin", Func: record.FuncLQuantize, Low: 0, High: 100, Step: 10}
	for _, v := range []int64{-5, 5, 15, 15, 15, 42, 99, 100, 1000} {
		build(lin, call{v: v})
	}
	log := &Aggregation{ID: 8, Name: "log", Func: record.FuncLLQuantize, Factor: 10, LLLow: 0, LLHigh: 2, Steps: 10}
	for _, v := range []int64{0, 5, 5, 50, 500, 5000} {
		build(log, call{v: v})
	}
	stacks := &Aggregation{ID: 9, Name: "stacks", Func: record.FuncCount}
	build(stacks,
		call{keys: k(Stack(0xffffffff81000010, 0xffffffff81000120))},
		call{keys: k(Stack(0xffffffff81000010, 0xffffffff81000120))},
		call{keys: k(Stack(0xffffffff81000014))})
	norm := &Aggregation{ID: 10, Name: "norm", Func: record.FuncSum}
	build(norm, call{keys: pf("read"), v: 3000000000}, call{keys: pf("write"), v: 7000000000})
	Normalize(norm, 1000000000)
	all := []*Aggregation{norm, stacks, log, lin, lat, sd, mx, mn, avg, bytes, calls}
	var out strings.Builder
	if err := PrintAggregations(&out, all, SortOptions{}, env); err != nil {
		t.Fatal(err)
	}
	golden(t, "agg_exit", out.String())
}

// Scenario: lquantize() and quantize() with negative values only, and with
// both signs (the half-width bars around a centre line of
// dt_print_quantline), and an all-zero (cleared) quantize.
func TestQuantizeSigns(t *testing.T) {
	var out strings.Builder
	neg := build(&Aggregation{Func: record.FuncQuantize}, call{v: 5, incr: -3}, call{v: 40, incr: -1})
	both := build(&Aggregation{Func: record.FuncLQuantize, Low: -10, High: 10, Step: 5}, call{v: -7, incr: 4}, call{v: 3, incr: -2}, call{v: 8, incr: 2})
	cleared := build(&Aggregation{Func: record.FuncQuantize}, call{v: 100})
	Clear(cleared)
	for _, a := range []*Aggregation{neg, both, cleared} {
		if err := Printa(&out, []*Aggregation{a}, SortOptions{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	golden(t, "quantize_signs", out.String())
}

// Scenario: printa() with and without a format, one and several
// aggregations keyed alike (missing entries print as zero), and the sort
// options. Rules: printa without a format prints a newline first, then
// dt_print_aggs per key; with several aggregations the key is printed once
// and the values follow in order; with a format the %@ conversions take the
// aggregations in turn.
func TestPrinta(t *testing.T) {
	env := NewEnv(nil)
	env.Location = time.UTC
	calls := &Aggregation{ID: 0, Name: "calls", Func: record.FuncCount}
	bytes := &Aggregation{ID: 1, Name: "bytes", Func: record.FuncSum}
	for _, c := range []struct {
		fn string
		n  int64
	}{{"read", 4096}, {"read", 4096}, {"read", 100}, {"write", 10}, {"close", 0}, {"lseek", 0}, {"lseek", 0}} {
		build(calls, call{keys: k(Str(c.fn, 256))})
		if c.fn == "read" || c.fn == "write" {
			build(bytes, call{keys: k(Str(c.fn, 256)), v: c.n})
		}
	}
	both := []*Aggregation{calls, bytes}
	var out strings.Builder
	section := func(title string) { out.WriteString("== " + title + "\n") }
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	section("printa(@calls)")
	must(Printa(&out, both[:1], SortOptions{}, env))
	section("printa(@calls, @bytes)")
	must(Printa(&out, both, SortOptions{}, env))
	section(`printa("%-10s %@8d %@8d\n", @calls, @bytes)`)
	must(PrintaFormat(&out, mustParse(t, "%-10s %@8d %@8d\n"), both, SortOptions{}, env))
	section("aggsortpos=1")
	must(PrintaFormat(&out, mustParse(t, "%-10s %@8d %@8d\n"), both, SortOptions{Pos: 1}, env))
	section("aggsortkey")
	must(PrintaFormat(&out, mustParse(t, "%-10s %@8d\n"), both[:1], SortOptions{Key: true}, env))
	section("aggsortrev")
	must(PrintaFormat(&out, mustParse(t, "%-10s %@8d\n"), both[:1], SortOptions{Rev: true}, env))
	section("aggsortkey aggsortrev")
	must(PrintaFormat(&out, mustParse(t, "%-10s %@8d\n"), both[:1], SortOptions{Key: true, Rev: true}, env))
	section(`printa("%@d %s\n") with %@ before the key, extra %@ reusing the last`)
	must(PrintaFormat(&out, mustParse(t, "%@d %s %@x\n"), both[:1], SortOptions{}, env))

	// Two keys and aggsortkeypos: sort on the second key first.
	pairs := &Aggregation{Func: record.FuncCount}
	for _, c := range [][2]string{{"b", "x"}, {"a", "y"}, {"a", "x"}, {"c", "w"}} {
		build(pairs, call{keys: k(Str(c[0], 8), Str(c[1], 8))})
	}
	section("aggsortkey aggsortkeypos=1")
	must(PrintaFormat(&out, mustParse(t, "%s %s %@d\n"), []*Aggregation{pairs}, SortOptions{Key: true, KeyPos: 1}, env))
	section("aggsortkey")
	must(PrintaFormat(&out, mustParse(t, "%s %s %@d\n"), []*Aggregation{pairs}, SortOptions{Key: true}, env))
	if !calls.Printed || !bytes.Printed {
		t.Error("printa did not mark the aggregations printed")
	}
	var rest strings.Builder
	must(PrintAggregations(&rest, both, SortOptions{}, env))
	if rest.Len() != 0 {
		t.Errorf("exit print repeated printed aggregations:\n%s", rest.String())
	}
	golden(t, "printa", out.String())
}

// Scenario: -F (flowindent) layout: entries indent by two, returns
// outdent; syscall probes use => and <=; other probes show "| func:name".
func TestFlowIndent(t *testing.T) {
	var out strings.Builder
	p := &Printer{W: &out, Env: NewEnv(nil), Flow: true}
	for _, pr := range []Probe{
		{CPU: 0, ID: 10, Provider: "syscall", Function: "read", Name: "entry"},
		{CPU: 0, ID: 20, Provider: "fbt", Function: "vfs_read", Name: "entry"},
		{CPU: 0, ID: 30, Provider: "sdt", Function: "vfs_read", Name: "probe-fired"},
		{CPU: 0, ID: 21, Provider: "fbt", Function: "vfs_read", Name: "return"},
		{CPU: 0, ID: 11, Provider: "syscall", Function: "read", Name: "return"},
	} {
		if err := p.BeginProbe(pr); err != nil {
			t.Fatal(err)
		}
		if err := p.EndProbe(); err != nil {
			t.Fatal(err)
		}
	}
	golden(t, "flowindent", out.String())
}
