package format

import (
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"github.com/godtrace/godtrace/dlang/printf"
	"github.com/godtrace/godtrace/record"
)

// FuzzPrintf runs arbitrary formats over values of every kind built from
// the fuzzer's bytes: printing must never panic.
func FuzzPrintf(f *testing.F) {
	for _, s := range []string{"%d %s", "%-*.*lld|%S|%C", "%k %a %A %Y %T", "%@d", "%'x %#o %e %g", "%ls %ws %wc"} {
		f.Add(s, []byte("\x05\x00\x00\x00hello\xff\x00\x01"))
	}
	env := NewEnv(fakeSyms{})
	env.Location = time.UTC
	env.Thousands = ","
	f.Fuzz(func(t *testing.T, format string, data []byte) {
		fm, err := printf.Parse(format)
		if err != nil {
			return
		}
		var args []Value
		for i := 0; i < 12; i++ {
			var w [8]byte
			copy(w[:], data)
			if len(data) > 8 {
				data = data[8:]
			}
			bits := binary.LittleEndian.Uint64(w[:])
			switch i % 6 {
			case 0:
				args = append(args, Int(int64(int16(bits)), 4))
			case 1:
				args = append(args, Value{Kind: KindString, Size: len(w), Bytes: w[:]})
			case 2:
				args = append(args, Uint(bits, 8))
			case 3:
				args = append(args, Stack(bits, bits>>3, 0))
			case 4:
				args = append(args, Float(float64(int64(bits)), 8))
			case 5:
				args = append(args, Int(int64(bits), 1))
			}
		}
		var out strings.Builder
		_ = Printf(&out, fm, args, env)
		a := build(&Aggregation{Func: record.FuncQuantize}, call{keys: k(Int(1, 4)), v: int64(len(format))})
		_ = PrintaFormat(&out, fm, []*Aggregation{a}, SortOptions{}, env)
	})
}
