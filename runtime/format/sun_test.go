package format

import (
	"fmt"
	"strings"
	"testing"

	"github.com/godtrace/godtrace/record"
)

// The tests in this file replay Sun's DTrace test suite
// (cmd/dtrace/test/tst/common/..., the .d files in illumos-gate, their .out
// files as FreeBSD carries them) and compare with the .out byte for byte.
// The leading newline of each .out is dtrace(1)'s, printed when tracing
// stops and before the aggregations. Integer keys in these scripts (int
// variables and int constants) were recorded as 8 bytes by DTrace (they
// print 16 wide), so they are given here as 8-byte values.

func i64(v int64) Value { return Int(v, 8) }

// tst.quantize.d: @a[i] = quantize(i) for i = 0, 100, ..., 900.
func TestSunQuantize(t *testing.T) {
	a := &Aggregation{Func: record.FuncQuantize}
	for i := int64(0); i < 1000; i += 100 {
		build(a, call{keys: k(i64(i)), v: i})
	}
	var out strings.Builder
	out.WriteString("\n")
	if err := PrintAggregations(&out, []*Aggregation{a}, SortOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	golden(t, "sun_quantize", out.String())
}

// tst.lquantize.d: @a[i] = lquantize(i, -100, 1100, 100) for i = 0 ... 900.
func TestSunLQuantize(t *testing.T) {
	a := &Aggregation{Func: record.FuncLQuantize, Low: -100, High: 1100, Step: 100}
	for i := int64(0); i < 1000; i += 100 {
		build(a, call{keys: k(i64(i)), v: i})
	}
	var out strings.Builder
	out.WriteString("\n")
	if err := PrintAggregations(&out, []*Aggregation{a}, SortOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	golden(t, "sun_lquantize", out.String())
}

// tst.valsortkeypos.d: aggsortkeypos=1, equal values, ties broken from the
// second key.
func TestSunValSortKeyPos(t *testing.T) {
	a := &Aggregation{Func: record.FuncSum}
	build(a, call{keys: k(i64(1), i64(3))}, call{keys: k(i64(2), i64(2))}, call{keys: k(i64(3), i64(1))})
	for _, r := range a.Records {
		r.Data.Value = 0
	}
	var out strings.Builder
	out.WriteString("\n")
	if err := PrintAggregations(&out, []*Aggregation{a}, SortOptions{KeyPos: 1}, nil); err != nil {
		t.Fatal(err)
	}
	want := "\n                3                1                0\n                2                2                0\n                1                3                0\n"
	if out.String() != want {
		t.Errorf("got %q\nwant %q", out.String(), want)
	}
}

// tst.normalize.d: @func[i % 5] = sum(i * 100) for i < 20, normalize(@func, 5).
func TestSunNormalize(t *testing.T) {
	a := &Aggregation{Func: record.FuncSum}
	for i := int64(0); i < 20; i++ {
		build(a, call{keys: k(i64(i % 5)), v: i * 100})
	}
	var out strings.Builder
	out.WriteString("normalized data:\n")
	Normalize(a, 5)
	out.WriteString("\n")
	if err := PrintAggregations(&out, []*Aggregation{a}, SortOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	want := "normalized data:\n\n                0              600\n                1              680\n" +
		"                2              760\n                3              840\n                4              920\n"
	if out.String() != want {
		t.Errorf("got %q\nwant %q", out.String(), want)
	}
}

// multiaggs/tst.many.d: printa() over several aggregations keyed alike, with
// missing entries, never-filled quantize/lquantize/count/min aggregations
// (zero-filled), one aggregation named twice, then the exit print of the
// aggregations printa() did not print.
func TestSunMultiAggs(t *testing.T) {
	aggs := map[int]*Aggregation{}
	var all []*Aggregation
	id := 0
	mk := func(n int, a *Aggregation) {
		a.Name = fmt.Sprintf("agg%d", n)
		a.ID = id
		id++
		aggs[n] = a
		all = append(all, a)
	}
	// The first clause (never fired) declares these first.
	mk(996, &Aggregation{Func: record.FuncQuantize})
	mk(997, &Aggregation{Func: record.FuncCount})
	mk(998, &Aggregation{Func: record.FuncMin})
	mk(999, &Aggregation{Func: record.FuncLQuantize, Low: -10, High: 10, Step: 1})
	for i := 0; i <= 246; i++ {
		mk(i, build(&Aggregation{Func: record.FuncSum}, call{keys: k(i64(int64(i))), v: int64(i)}))
	}
	var out strings.Builder
	pa := func(format string, ns ...int) {
		var as []*Aggregation
		for _, n := range ns {
			as = append(as, aggs[n])
		}
		if err := PrintaFormat(&out, mustParse(t, format), as, SortOptions{}, nil); err != nil {
			t.Fatal(err)
		}
		out.WriteString("\n") // printf("\n")
	}
	pa("%8d %8@d %8@d\n", 0, 1)
	pa("%8d %8@d %8@d\n", 0, 996)
	pa("%4d %4@d %4@d %4@d %4@d %4@d %4@d %4@d %4@d %4@d %4@d %4@d\n", 12, 3, 73, 997, 9, 9, 4, 998, 11, 23, 69)
	pa("%8d %8@d %8@d\n", 245, 246)
	pa("%8d %8@d %8@d\n", 999, 246)
	out.WriteString("\n")
	if err := PrintAggregations(&out, all, SortOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	golden(t, "sun_multiaggs", out.String())
}

// tst.sizedkeys.d (Delphix, 2012): @[(int)1, 0], @[(uint64_t)2, 0] ...;
// printa(@). Keys of different sizes print in their own widths and sort
// by value.
func TestSunSizedKeys(t *testing.T) {
	a := &Aggregation{Func: record.FuncSum}
	build(a,
		call{keys: k(Int(1, 4), i64(0)), v: 10},
		call{keys: k(Uint(2, 8), i64(0)), v: 20},
		call{keys: k(Int(3, 4), i64(0)), v: 30},
		call{keys: k(Uint(4, 8), i64(0)), v: 40})
	var out strings.Builder
	if err := Printa(&out, []*Aggregation{a}, SortOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	out.WriteString("\n")
	want := "\n        1                0               10\n                2                0               20\n" +
		"        3                0               30\n                4                0               40\n\n"
	if out.String() != want {
		t.Errorf("got %q\nwant %q", out.String(), want)
	}
}

// tst.clear.d's first half: printa(@func), clear(@func), printa(@func):
// the keys stay, with zero values.
func TestSunClear(t *testing.T) {
	a := &Aggregation{Func: record.FuncSum}
	for i := int64(0); i < 10; i++ {
		build(a, call{keys: k(i64(i % 5)), v: i * 100})
	}
	var out strings.Builder
	out.WriteString("Aggregation data before clear():\n")
	if err := Printa(&out, []*Aggregation{a}, SortOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	Clear(a)
	out.WriteString("Aggregation data after clear():\n")
	if err := Printa(&out, []*Aggregation{a}, SortOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	want := "Aggregation data before clear():\n\n                0              500\n                1              700\n" +
		"                2              900\n                3             1100\n                4             1300\n" +
		"Aggregation data after clear():\n\n                0                0\n                1                0\n" +
		"                2                0\n                3                0\n                4                0\n"
	if out.String() != want {
		t.Errorf("got %q\nwant %q", out.String(), want)
	}
}

// tst.stddev.d (FreeBSD's copy): stddev of 5e9 + 100*i and of its negation;
// the squares overflow 64 bits.
func TestSunStddev(t *testing.T) {
	a := &Aggregation{ID: 0, Func: record.FuncStddev}
	b := &Aggregation{ID: 1, Func: record.FuncStddev}
	for i := int64(0); i < 10; i++ {
		build(a, call{v: 5000000000 + 100*i})
		build(b, call{v: -5000000000 - 100*i})
	}
	var out strings.Builder
	out.WriteString("\n")
	if err := PrintAggregations(&out, []*Aggregation{b, a}, SortOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	if want := "\n              287\n              287\n"; out.String() != want {
		t.Errorf("got %q\nwant %q", out.String(), want)
	}
}
