package format

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/godtrace/godtrace/record"
)

// TestPrint lays out a structure as dt_print.c does (expected text derived
// by hand from dt_print_member, dt_print_array and the trailing-brace
// rule: four spaces per level, "type name = value", arrays of scalars on
// one line, arrays of structures one element per block, the outermost
// closing brace without a newline).
func TestPrint(t *testing.T) {
	i32t := &record.PType{Kind: record.PInt, Name: "int", Size: 4, Signed: true}
	u32t := &record.PType{Kind: record.PInt, Name: "unsigned int", Size: 4}
	chart := &record.PType{Kind: record.PInt, Name: "char", Size: 1, Signed: true, Char: true}
	point := &record.PType{Kind: record.PStruct, Name: "struct point", Size: 8, Members: []record.PMember{
		{Name: "x", Type: i32t, BitOff: 0}, {Name: "y", Type: i32t, BitOff: 32}}}
	color := &record.PType{Kind: record.PEnum, Name: "enum color", Size: 4, Enums: []record.PEnumerator{{Name: "RED", Value: 0}, {Name: "GREEN", Value: 1}}}
	voidp := &record.PType{Kind: record.PPointer, Name: "void *", Size: 8}
	foo := &record.PType{Kind: record.PStruct, Name: "struct foo", Size: 64, Members: []record.PMember{
		{Name: "a", Type: i32t, BitOff: 0},
		{Name: "c", Type: chart, BitOff: 32},
		{Name: "name", Type: &record.PType{Kind: record.PArray, Name: "char [8]", Size: 8, Elem: chart, Len: 8}, BitOff: 40},
		{Name: "p", Type: point, BitOff: 128},
		{Name: "flags", Type: u32t, BitOff: 192 + 4, BitSize: 3},
		{Name: "arr", Type: &record.PType{Kind: record.PArray, Name: "int [3]", Size: 12, Elem: i32t, Len: 3}, BitOff: 224},
		{Name: "pts", Type: &record.PType{Kind: record.PArray, Name: "struct point [2]", Size: 16, Elem: point, Len: 2}, BitOff: 320},
		{Name: "col", Type: color, BitOff: 448},
		{Name: "ptr", Type: voidp, BitOff: 512 - 64 + 32}, // bytes 60..67: see data
	}}
	data := make([]byte, 72)
	put := func(off int, v uint32) { binary.LittleEndian.PutUint32(data[off:], v) }
	put(0, 1)
	data[4] = 'A'
	copy(data[5:], "hi")
	put(16, 2)
	put(20, 3)
	data[24] = 5 << 4 // flags: 3 bits at bit 4 of byte 24
	put(28, 7)
	put(32, 8)
	put(36, 9)
	put(40, 4)
	put(44, 5)
	put(48, 6)
	put(52, 7)
	put(56, 1)
	var out strings.Builder
	if err := Print(&out, foo, data, nil); err != nil {
		t.Fatal(err)
	}
	want := "struct foo {\n" +
		"    int a = 0x1\n" +
		"    char c = 'A'\n" +
		"    char [8] name = [ \"hi\" ]\n" +
		"    struct point p = {\n" +
		"        int x = 0x2\n" +
		"        int y = 0x3\n" +
		"    }\n" +
		"    unsigned int flags :3 = 0x5\n" +
		"    int [3] arr = [ 0x7, 0x8, 0x9 ]\n" +
		"    struct point [2] pts = [ \n" +
		"        struct point {\n" +
		"            int x = 0x4\n" +
		"            int y = 0x5\n" +
		"        }, \n" +
		"        struct point {\n" +
		"            int x = 0x6\n" +
		"            int y = 0x7\n" +
		"        }\n" +
		"    ]\n" +
		"    enum color col = GREEN\n" +
		"    void *ptr = 0\n" +
		"}"
	if out.String() != want {
		t.Errorf("got\n%s\nwant\n%s", out.String(), want)
	}

	// Scalars and a D string at the top level.
	out.Reset()
	str := &record.PType{Kind: record.PArray, Name: "string", Size: 16, Elem: chart, Len: 16}
	Print(&out, str, []byte("foo\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"), nil)
	Print(&out, i32t, []byte{5, 0, 0, 0}, nil)
	Print(&out, &record.PType{Kind: record.PTypedef, Name: "uint64_t", Under: &record.PType{Kind: record.PInt, Name: "unsigned long", Size: 8}}, []byte{0, 1, 0, 0, 0, 0, 0, 0}, nil)
	Print(&out, chart, []byte{0}, nil)
	Print(&out, &record.PType{Kind: record.PFloat, Name: "double", Size: 8}, binary.LittleEndian.AppendUint64(nil, 0x3ff8000000000000), nil)
	if want := "string \"foo\"\nint 0x5\nuint64_t 0x100\nchar '\\0'\ndouble +1.5000000e+00\n"; out.String() != want {
		t.Errorf("got %q\nwant %q", out.String(), want)
	}
}
