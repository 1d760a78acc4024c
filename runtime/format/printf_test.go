package format

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // US/Pacific without the system zoneinfo

	"github.com/godtrace/godtrace/dlang/printf"
	"github.com/godtrace/godtrace/runtime/symbols"
)

// fakeSyms resolves a few made-up kernel and user addresses.
type fakeSyms struct{}

func (fakeSyms) Kernel(addr uint64) (symbols.Symbol, bool) {
	switch {
	case addr >= 0xffffffff81000000 && addr < 0xffffffff81000100:
		return symbols.Symbol{Module: "kernel", Name: "vfs_read", Offset: addr - 0xffffffff81000000}, true
	case addr >= 0xffffffff81000100 && addr < 0xffffffff81000200:
		return symbols.Symbol{Module: "kernel", Name: "ksys_read", Offset: addr - 0xffffffff81000100}, true
	case addr >= 0xffffffffc0000000 && addr < 0xffffffffc0001000:
		return symbols.Symbol{Module: "ext4"}, true
	}
	return symbols.Symbol{}, false
}

func (fakeSyms) User(pid uint32, addr uint64) (symbols.Symbol, bool) {
	if pid == 42 && addr >= 0x401000 && addr < 0x401100 {
		return symbols.Symbol{Module: "io-static", Name: "main", Offset: addr - 0x401000}, true
	}
	return symbols.Symbol{}, false
}

func i32(v int32) Value  { return Int(int64(v), 4) }
func u32(v uint32) Value { return Uint(uint64(v), 4) }

// Expected outputs: DTrace's own where oracle/dtrace-utils has a .r file
// (test/unittest/printf/tst.basics.r, tst.flags.r, tst.widths1.r), else
// the C library's behaviour for the format DTrace builds.
func TestPrintf(t *testing.T) {
	env := NewEnv(fakeSyms{})
	env.Location = time.UTC
	a := int32('a')
	for _, tc := range []struct {
		format string
		args   []Value
		want   string
	}{
		// tst.basics.r
		{"%%c = %c\n", []Value{i32(a)}, "%c = a\n"},
		{"%%d = %d\n", []Value{i32(a)}, "%d = 97\n"},
		{"%%hd = %hd\n", []Value{Int(97, 2)}, "%hd = 97\n"},
		{"%%ho = %ho\n", []Value{Uint(97, 2)}, "%ho = 141\n"},
		{"%%hx = %hx\n", []Value{Uint(97, 2)}, "%hx = 61\n"},
		{"%%hX = %hX\n", []Value{Uint(97, 2)}, "%hX = 61\n"},
		{"%%lc = %lc\n", []Value{i32(a)}, "%lc = a\n"},
		{"%%lo = %lo\n", []Value{Uint(97, 8)}, "%lo = 141\n"},
		{"%%lX = %lX\n", []Value{Uint(97, 8)}, "%lX = 61\n"},
		{"%%p = %p\n", []Value{Uint(97, 8)}, "%p = 61\n"},
		{"%%s = %s\n", []Value{Str("hello", 256)}, "%s = hello\n"},
		{"%%u = %u\n", []Value{u32(97)}, "%u = 97\n"},
		// tst.flags.r
		{"0 %08x\n", []Value{i32(0x123)}, "0 00000123\n"},
		{"- %-8x\n", []Value{i32(0x123)}, "- 123     \n"},
		{"+ %+8d\n", []Value{i32(123)}, "+     +123\n"},
		{"  % 8d\n", []Value{i32(123)}, "       123\n"},
		{"# %#8x\n", []Value{i32(0x123)}, "#    0x123\n"},
		// tst.widths1.r: '?' is the width of a pointer.
		{"%?d\n", []Value{i32(5)}, "               5\n"},
		// Sizes and signedness: %d of an unsigned value prints it unsigned
		// (pfcheck_dint turns it into %u), %x masks to the value's size.
		{"%d %d", []Value{Uint(1<<64-1, 8), Int(-1, 8)}, "18446744073709551615 -1"},
		{"%d %u %x", []Value{Int(-1, 4), Int(-1, 4), Int(-1, 4)}, "-1 4294967295 ffffffff"},
		{"%x %X %o", []Value{Int(-1, 1), Int(-2, 2), Int(-1, 8)}, "ff FFFE 1777777777777777777777"},
		{"%d", []Value{Int(-2, 1)}, "-2"},
		{"%i|%5i|%-5i|%05i", []Value{i32(7), i32(7), i32(7), i32(-7)}, "7|    7|7    |-0007"},
		// Dynamic width and precision; a negative '*' width left-justifies.
		{"[%*d]", []Value{i32(6), i32(42)}, "[    42]"},
		{"[%*d]", []Value{i32(-6), i32(42)}, "[42    ]"},
		{"[%.*s]", []Value{i32(3), Str("abcdef", 16)}, "[abc]"},
		{"[%*.*s]", []Value{i32(5), i32(2), Str("abcdef", 16)}, "[   ab]"},
		// DTrace drops a zero precision.
		{"[%.0d] [%.0s]", []Value{i32(0), Str("xyz", 8)}, "[0] [xyz]"},
		{"[%.3d]", []Value{i32(5)}, "[005]"},
		// Strings.
		{"[%10s][%-10s]", []Value{Str("read", 256), Str("write", 256)}, "[      read][write     ]"},
		{"[%s]", []Value{Str("exactfit", 8)}, "[exactfit]"},
		{"%S", []Value{Str("a\tb\"c\\\n", 16)}, `a\tb\"c\\\n\0`},
		{"%C%C%C", []Value{Int('x', 1), Int('\n', 1), Int(-1, 1)}, `x\n\377`},
		{"%c%c", []Value{Int('o', 1), Int('k', 4)}, "ok"},
		// Addresses and symbols.
		{"%a", []Value{Uint(0xffffffff81000010, 8)}, "kernel`vfs_read+0x10"},
		{"%a", []Value{Uint(0xffffffff81000100, 8)}, "kernel`ksys_read"},
		{"%a", []Value{Uint(0xffffffffc0000010, 8)}, "ext4`0xffffffffc0000010"},
		{"%a", []Value{Uint(0x1234, 8)}, "0x1234"},
		{"[%-30a]", []Value{Uint(0xffffffff81000010, 8)}, "[kernel`vfs_read+0x10          ]"},
		{"%A", []Value{{Kind: KindInt, Size: 8, Bits: 0x401004, PID: 42}}, "io-static`main+0x4"},
		// %k: stack frames without indent, one per line.
		{"%k", []Value{Stack(0xffffffff81000010, 0xffffffff81000120)}, "\nkernel`vfs_read+0x10\nkernel`ksys_read+0x20\n"},
		{"%-4k", []Value{Stack(0xffffffff81000010)}, "\n    kernel`vfs_read+0x10\n"},
		// %Y and %T of walltimestamp (UTC here): ctime order, space-padded day.
		{"%Y", []Value{Uint(1795646136*1e9, 8)}, "2026 Nov 25 22:35:36"},
		{"%Y", []Value{Uint(1796169600*1e9+5, 8)}, "2026 Dec  2 00:00:00"},
		{"%T", []Value{Uint(1795646136*1e9, 8)}, "Wed, 25 Nov 2026 22:35:36 UTC"},
		// Floating point.
		{"%f %e %g %G", []Value{Float(1.5, 8), Float(1234.5, 8), Float(0.0001, 8), Float(1e-7, 8)}, "1.500000 1.234500e+03 0.0001 1E-07"},
		// Literals only, %% and a trailing literal.
		{"100%% done\n", nil, "100% done\n"},
		{"{\"timestamp\": %u}", []Value{Uint(123456789, 8)}, "{\"timestamp\": 123456789}"},
	} {
		f, err := printf.Parse(tc.format)
		if err != nil {
			t.Fatalf("%q: %v", tc.format, err)
		}
		got, err := Sprintf(f, tc.args, env)
		if err != nil {
			t.Errorf("%q: %v", tc.format, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%q:\n got %q\nwant %q", tc.format, got, tc.want)
		}
	}
}

// dtrace(1) on illumos and FreeBSD runs in the C locale (it never calls
// setlocale): printf("%'d\n", 123456789) prints 123456789, as DTrace's
// default environment does. With a separator the digits group as C's printf
// groups them under a locale.
func TestPrintfGrouping(t *testing.T) {
	if got, err := Sprintf(mustParse(t, "%'d %'u\n"), []Value{i32(123456789), Uint(1234567, 8)}, NewEnv(nil)); err != nil || got != "123456789 1234567\n" {
		t.Errorf("default environment: got %q, %v; want no grouping", got, err)
	}
	env := NewEnv(nil)
	env.Thousands = ","
	if got, _ := Sprintf(mustParse(t, "[%'12u] [%'d] [%d]"), []Value{Uint(1234567, 8), i32(-1234), i32(1234)}, env); got != "[   1,234,567] [-1,234] [1234]" {
		t.Errorf("grouping: got %q", got)
	}
}

func TestPrintfMissingArgument(t *testing.T) {
	f, err := printf.Parse("%d %d")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Sprintf(f, []Value{i32(1)}, nil); err == nil || !strings.Contains(err.Error(), "conversion #2") {
		t.Errorf("got %v, want an error naming conversion #2", err)
	}
}

// From Sun's printf/tst.printY.ksh (as oracle/dtrace-utils keeps it:
// test/unittest/printf/tst.printY.sh), TZ=US/Pacific.
func TestPrintfY(t *testing.T) {
	loc, err := time.LoadLocation("US/Pacific")
	if err != nil {
		t.Fatal(err)
	}
	env := NewEnv(nil)
	env.Location = loc
	got, err := Sprintf(mustParse(t, "%Y\n%Y\n%Y"), []Value{Uint(0, 8), Uint(1062609821*1e9, 8), Uint(0x7fffffff*1e9, 8)}, env)
	if err != nil {
		t.Fatal(err)
	}
	if want := "1969 Dec 31 16:00:00\n2003 Sep  3 10:23:41\n2038 Jan 18 19:14:07"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got, _ = Sprintf(mustParse(t, "%T"), []Value{Uint(1062609821*1e9, 8)}, env)
	if want := "Wed, 03 Sep 2003 10:23:41 PDT"; got != want {
		t.Errorf("%%T: got %q, want %q", got, want)
	}
}
