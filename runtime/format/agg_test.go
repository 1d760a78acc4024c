package format

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godtrace/godtrace/dlang/printf"
	"github.com/godtrace/godtrace/record"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// golden compares got with testdata/name.golden. The golden files were
// written from DTrace's rules and checked by hand; see the comments at the
// top of each scenario for where a layout was in doubt.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s: output differs from %s\n--- got ---\n%s--- want ---\n%s", name, path, got, want)
	}
}

// agg builds an aggregation from (keys, value[, incr]) calls, as the BPF
// side would have accumulated them.
type call struct {
	keys []Value
	v    int64
	incr int64
}

func build(a *Aggregation, calls ...call) *Aggregation {
	index := map[string]*Record{}
	for _, r := range a.Records {
		index[keyID(r.Keys)] = r
	}
	for _, c := range calls {
		rec := index[keyID(c.keys)]
		if rec == nil {
			rec = &Record{Keys: c.keys, Data: a.NewData()}
			a.Records = append(a.Records, rec)
			index[keyID(c.keys)] = rec
		}
		incr := c.incr
		if incr == 0 {
			incr = 1
		}
		a.Add(&rec.Data, c.v, incr)
	}
	return a
}

func k(vs ...Value) []Value { return vs }

func mustParse(t *testing.T, s string) *printf.Format {
	t.Helper()
	f, err := printf.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// From oracle/dtrace-utils test/unittest/printa/tst.basics.{d,r} (the part
// for @a to @g; avg/count/lquantize/max/min/sum/quantize of the value 1).
func TestPrintaBasics(t *testing.T) {
	one := call{v: 1}
	aggs := []struct {
		name, format string
		a            *Aggregation
	}{
		{"a", "@a = %@u\n", &Aggregation{Func: record.FuncAvg}},
		{"b", "@b = %@u\n", &Aggregation{Func: record.FuncCount}},
		{"c", "@c = %@d\n", &Aggregation{Func: record.FuncLQuantize, Low: 1, High: 10, Step: 1}},
		{"d", "@d = %@u\n", &Aggregation{Func: record.FuncMax}},
		{"e", "@e = %@u\n", &Aggregation{Func: record.FuncMin}},
		{"f", "@f = %@u\n", &Aggregation{Func: record.FuncSum}},
		{"g", "@g = %@d\n", &Aggregation{Func: record.FuncQuantize}},
	}
	var out strings.Builder
	for _, x := range aggs {
		build(x.a, one)
		if err := PrintaFormat(&out, mustParse(t, x.format), []*Aggregation{x.a}, SortOptions{}, nil); err != nil {
			t.Fatal(err)
		}
		if !x.a.Printed {
			t.Errorf("@%s not marked printed", x.name)
		}
	}
	want := "@a = 1\n@b = 1\n@c = \n" +
		"           value  ------------- Distribution ------------- count    \n" +
		"             < 1 |                                         0        \n" +
		"               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n" +
		"               2 |                                         0        \n" +
		"\n@d = 1\n@e = 1\n@f = 1\n@g = \n" +
		"           value  ------------- Distribution ------------- count    \n" +
		"               0 |                                         0        \n" +
		"               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1        \n" +
		"               2 |                                         0        \n\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// From test/unittest/aggs/tst.quantlast.{d,r}: @ = quantize(1<<62, 1234),
// printed at exit (the .r's first newline is dtrace(1)'s, before the print).
func TestQuantizeLastBucket(t *testing.T) {
	a := build(&Aggregation{Func: record.FuncQuantize}, call{v: 0x4000000000000000, incr: 1234})
	var out strings.Builder
	if err := PrintAggregations(&out, []*Aggregation{a}, SortOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	want := "\n           value  ------------- Distribution ------------- count    \n" +
		"2305843009213693952 |                                         0        \n" +
		"4611686018427387904 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ 1234     \n\n"
	if out.String() != want {
		t.Errorf("got %q\nwant %q", out.String(), want)
	}
}

// From test/unittest/aggs/tst.trunc-sum-neg5.{d,r}: @[100+i] = sum(1000+i)
// for i < 100, trunc(@, -5), then one more key; printed at exit.
func TestTruncNegative(t *testing.T) {
	a := &Aggregation{Func: record.FuncSum}
	for i := int64(0); i < 100; i++ {
		build(a, call{keys: k(Int(100+i, 4)), v: 1000 + i})
	}
	Trunc(a, -5)
	build(a, call{keys: k(Int(301, 4)), v: 2101})
	var out strings.Builder
	if err := PrintAggregations(&out, []*Aggregation{a}, SortOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	want := "      100             1000\n      101             1001\n      102             1002\n" +
		"      103             1003\n      104             1004\n      301             2101\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	// Positive n keeps the largest.
	Trunc(a, 2)
	if len(a.Records) != 2 || a.Records[0].Data.Value+a.Records[1].Data.Value != 2101+1004 {
		t.Errorf("trunc(@, 2) kept %d records", len(a.Records))
	}
	Trunc(a, 0)
	if len(a.Records) != 0 {
		t.Errorf("trunc(@) kept %d records", len(a.Records))
	}
}

// From illumos/FreeBSD cmd/dtrace/test/tst/common/aggs/tst.signedkeys.d.out
// (Sun's original; Oracle's Linux port changed it): trace() of 1- and 2-byte
// values prints them unsigned, keys sort as unsigned numbers, 1- and 2-byte
// keys print unsigned, wider ones signed. Note the @i32[-2] keys print
// 16 wide there: DTrace recorded the plain int constant keys as 8 bytes, so
// they are given here as 8-byte values (the compiler decides key sizes).
func TestSignedKeys(t *testing.T) {
	env := NewEnv(nil)
	env.Quiet = true
	var out strings.Builder
	for _, size := range []int{1, 2, 4, 8} {
		for _, v := range []int64{-2, -1, 0, 1, 2} {
			out.WriteString(TraceString(Int(v, size), env))
			out.WriteString(TraceString(Str("\n", 256), env))
		}
		if size != 8 {
			out.WriteString(TraceString(Str("\n", 256), env))
		}
	}
	out.WriteString("\n") // dtrace(1)'s newline after tracing stops
	var aggs []*Aggregation
	for id, size := range []int{1, 2, 8, 8} {
		a := &Aggregation{Func: record.FuncSum, ID: id}
		for _, v := range []int64{-2, -1, 0, 1, 2} {
			build(a, call{keys: k(Int(v, size)), v: v})
		}
		aggs = append(aggs, a)
	}
	if err := PrintAggregations(&out, aggs, SortOptions{Key: true}, env); err != nil {
		t.Fatal(err)
	}
	want := "254\n255\n0\n1\n2\n\n65534\n65535\n0\n1\n2\n\n-2\n-1\n0\n1\n2\n\n-2\n-1\n0\n1\n2\n\n" +
		"   0                0\n   1                1\n   2                2\n 254               -2\n 255               -1\n" +
		"     0                0\n     1                1\n     2                2\n 65534               -2\n 65535               -1\n" +
		"                0                0\n                1                1\n                2                2\n" +
		"               -2               -2\n               -1               -1\n" +
		"                0                0\n                1                1\n                2                2\n" +
		"               -2               -2\n               -1               -1\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
	// A 4-byte key prints in 8 columns, signed, and sorts unsigned.
	a := &Aggregation{Func: record.FuncSum}
	for _, v := range []int64{-2, 1} {
		build(a, call{keys: k(Int(v, 4)), v: v})
	}
	out.Reset()
	if err := PrintAggregations(&out, []*Aggregation{a}, SortOptions{Key: true}, env); err != nil {
		t.Fatal(err)
	}
	if want := "        1                1\n       -2               -2\n"; out.String() != want {
		t.Errorf("4-byte keys: got %q, want %q", out.String(), want)
	}
}

// From test/unittest/aggs/tst.stddev2.{d,r}: printa("%9@x\n") of stddev()
// of pairs (x, 2x).
func TestStddev(t *testing.T) {
	var out strings.Builder
	for _, x := range []int64{0, 0x10, 0x100, 0x1000, 0x10000, 0x100000, 0x1000000, 0x10000000, 0x20000000, 0x40000000, 0x80000000, 0x100000000} {
		y := 2 * x
		a := build(&Aggregation{Func: record.FuncStddev}, call{v: x}, call{v: y})
		if err := PrintaFormat(&out, mustParse(t, "%9@x\n"), []*Aggregation{a}, SortOptions{}, nil); err != nil {
			t.Fatal(err)
		}
	}
	want := "        0\n        8\n       80\n      800\n     8000\n    80000\n   800000\n  8000000\n" +
		" 10000000\n 20000000\n 40000000\n 80000000\n"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}
}

func TestQuantizeBuckets(t *testing.T) {
	for _, tc := range []struct {
		v int64
		b int
	}{{0, 63}, {1, 64}, {2, 65}, {3, 65}, {4, 66}, {1023, 73}, {1024, 74}, {-1, 62}, {-2, 61}, {-3, 61}, {-4, 60}, {1 << 62, 126}, {-1 << 63, 0}} {
		if got := record.QuantizeBucket(tc.v); got != tc.b {
			t.Errorf("QuantizeBucket(%d) = %d, want %d", tc.v, got, tc.b)
		}
		if tc.v > 0 && !(record.QuantizeBucketValue(tc.b) <= tc.v && (tc.b == 126 || tc.v < record.QuantizeBucketValue(tc.b+1))) {
			t.Errorf("bucket %d [%d, %d) does not hold %d", tc.b, record.QuantizeBucketValue(tc.b), record.QuantizeBucketValue(tc.b+1), tc.v)
		}
	}
	for _, tc := range []struct {
		v, low, step int64
		levels, b    int
	}{{-5, 0, 10, 10, 0}, {0, 0, 10, 10, 1}, {9, 0, 10, 10, 1}, {10, 0, 10, 10, 2}, {99, 0, 10, 10, 10}, {100, 0, 10, 10, 11}, {1000, 0, 10, 10, 11}} {
		if got := record.LQuantizeBucket(tc.v, tc.low, tc.step, tc.levels); got != tc.b {
			t.Errorf("LQuantizeBucket(%d) = %d, want %d", tc.v, got, tc.b)
		}
	}
	// llquantize(v, 10, 0, 2, 10): <1 | 1..9 | 10..90 | 100..900 | >=1000.
	if n := record.LLQuantizeBuckets(10, 0, 2, 10); n != 29 {
		t.Errorf("LLQuantizeBuckets = %d, want 29", n)
	}
	for _, tc := range []struct {
		v int64
		b int
	}{{0, 0}, {-7, 0}, {1, 1}, {9, 9}, {10, 10}, {19, 10}, {50, 14}, {99, 18}, {100, 19}, {500, 23}, {999, 27}, {1000, 28}, {1 << 40, 28}} {
		if got := record.LLQuantizeBucket(tc.v, 10, 0, 2, 10); got != tc.b {
			t.Errorf("LLQuantizeBucket(%d) = %d, want %d", tc.v, got, tc.b)
		}
	}
	// nsteps > factor: llquantize(v, 10, 0, 1, 20): order 0 has 9 unit
	// buckets (10 <= 20), order 1 has 18 buckets of 5.
	for _, tc := range []struct {
		v int64
		b int
	}{{9, 9}, {10, 10}, {14, 10}, {15, 11}, {99, 27}, {100, 28}} {
		if got := record.LLQuantizeBucket(tc.v, 10, 0, 1, 20); got != tc.b {
			t.Errorf("LLQuantizeBucket(%d, 10, 0, 1, 20) = %d, want %d", tc.v, got, tc.b)
		}
	}
}

func TestMerge(t *testing.T) {
	a := &Aggregation{Func: record.FuncStddev}
	d1, d2, all := a.NewData(), a.NewData(), a.NewData()
	for i := int64(1); i <= 100; i++ {
		if i%2 == 0 {
			a.Add(&d1, i*1e7, 1)
		} else {
			a.Add(&d2, i*1e7, 1)
		}
		a.Add(&all, i*1e7, 1)
	}
	d1.Merge(a.Func, &d2)
	if d1.Count != all.Count || d1.Sum != all.Sum || d1.SumSq != all.SumSq || d1.Stddev(1) != all.Stddev(1) {
		t.Errorf("merged stddev data %+v differs from %+v", d1, all)
	}
	// sqrt(mean(x^2) - mean(x)^2) of 1e7..1e9 step 1e7 is 1e7*sqrt(833.25).
	if sd := all.Stddev(1); sd != 288660700 && sd != 288660701 {
		t.Errorf("stddev = %d", sd)
	}
	m := &Aggregation{Func: record.FuncMin}
	x, y := m.NewData(), m.NewData()
	m.Add(&x, 5, 0)
	m.Add(&y, -3, 0)
	x.Merge(record.FuncMin, &y)
	if x.Value != -3 {
		t.Errorf("min merge = %d", x.Value)
	}
}

// TestJoinedManyKeys prints two aggregations over many keys (the join must
// not be quadratic) and checks the rows against the data.
func TestJoinedManyKeys(t *testing.T) {
	a := &Aggregation{ID: 0, Func: record.FuncCount}
	b := &Aggregation{ID: 1, Func: record.FuncSum}
	const n = 20000
	var ca, cb []call
	for i := int64(0); i < n; i++ {
		ca = append(ca, call{keys: k(Int(i, 4))})
		if i%2 == 0 {
			cb = append(cb, call{keys: k(Int(i, 4)), v: i})
		}
	}
	build(a, ca...)
	build(b, cb...)
	var out strings.Builder
	if err := PrintaFormat(&out, mustParse(t, "%d %@d %@d\n"), []*Aggregation{a, b}, SortOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != n {
		t.Fatalf("%d lines, want %d", len(lines), n)
	}
	// Counts tie at 1, so the sums order the rows: key 0 and the odd keys
	// (sum 0, missing from @b) first, by key.
	if lines[0] != "0 1 0" || lines[1] != "1 1 0" || lines[n-1] != fmt.Sprintf("%d 1 %d", n-2, n-2) {
		t.Errorf("first %q, last %q", lines[0], lines[n-1])
	}
}

// Invalid parameters (which the compiler rejects) must not hang or panic.
func TestQuantizeBadParameters(t *testing.T) {
	for _, a := range []*Aggregation{
		{Func: record.FuncLQuantize, Low: 0, High: 10, Step: 0},
		{Func: record.FuncLLQuantize, Factor: 10, LLLow: 0, LLHigh: 2, Steps: 0},
		{Func: record.FuncLLQuantize, Factor: 10, LLLow: 0, LLHigh: 3, Steps: 30},
		{Func: record.FuncLLQuantize, Factor: 10, LLLow: 0, LLHigh: 30, Steps: 10},
		{Func: record.FuncLLQuantize, Factor: 1, LLLow: 0, LLHigh: 3, Steps: 10},
	} {
		build(a, call{v: 5}, call{v: 500})
		var out strings.Builder
		if err := PrintAggregations(&out, []*Aggregation{a}, SortOptions{}, nil); err != nil {
			t.Fatal(err)
		}
	}
}

// Every parameter combination prints, and every value's bucket holds it.
func TestLLQuantizeParameterSweep(t *testing.T) {
	for factor := 2; factor <= 12; factor++ {
		for low := 0; low <= 3; low++ {
			for high := low + 1; high <= 6; high++ {
				for nsteps := factor; nsteps <= 64; nsteps++ {
					a := &Aggregation{Func: record.FuncLLQuantize, Factor: factor, LLLow: low, LLHigh: high, Steps: nsteps}
					if !record.LLQuantizeValid(factor, low, high, nsteps) {
						continue
					}
					n := record.LLQuantizeBuckets(factor, low, high, nsteps)
					prev := 0
					for v := int64(0); v < 5000; v += 7 {
						b := record.LLQuantizeBucket(v, factor, low, high, nsteps)
						if b < prev || b >= n {
							t.Fatalf("llquantize(%d, %d, %d, %d, %d): bucket %d (previous %d, %d buckets)", v, factor, low, high, nsteps, b, prev, n)
						}
						prev = b
					}
					build(a, call{v: 3}, call{v: 300})
					var out strings.Builder
					if err := PrintAggregations(&out, []*Aggregation{a}, SortOptions{}, nil); err != nil {
						t.Fatal(err)
					}
					if strings.Count(out.String(), "\n") < 4 {
						t.Fatalf("llquantize(%d, %d, %d, %d): %q", factor, low, high, nsteps, out.String())
					}
				}
			}
		}
	}
}
