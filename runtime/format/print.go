// This file implements the print() action's output, after libdtrace's
// dt_print.c (MDB's "::print -tn" layout): the value's type, then its
// members one per line, nested structures indented by four.

package format

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/godtrace/godtrace/record"
)

// Print is the print() action: data (the traced bytes) laid out as type t.
// Like DTrace it writes no final newline after a structure's closing brace;
// scalars end with one.
func Print(w io.Writer, t *record.PType, data []byte, env *Env) error {
	p := &printer{data: data, env: env}
	p.visit("", t, 0, 0, 0)
	p.trailingBraces(0)
	_, err := io.WriteString(w, p.out.String())
	return err
}

type printer struct {
	out   strings.Builder
	data  []byte
	base  int // byte offset of the current array element
	depth int
	nest  int
	env   *Env
}

// visit is ctf_type_rvisit with dt_print_member as the callback: the node,
// then, for structures and unions, each member one level deeper.
func (p *printer) visit(name string, t *record.PType, bitOff, bitSize, depth int) {
	p.member(name, t, bitOff, bitSize, depth)
	r := t.Resolve()
	if r == nil || (r.Kind != record.PStruct && r.Kind != record.PUnion) {
		return
	}
	for _, m := range r.Members {
		p.visit(m.Name, m.Type, bitOff+m.BitOff, m.BitSize, depth+1)
	}
}

func (p *printer) indent() {
	p.out.WriteString(strings.Repeat(" ", (p.depth+p.nest)*4))
}

// trailingBraces closes the structures left open since the last member.
func (p *printer) trailingBraces(depth int) {
	for d := p.depth; d > depth; d-- {
		p.out.WriteString(strings.Repeat(" ", (d+p.nest-1)*4))
		p.out.WriteByte('}')
		if d != depth+1 {
			p.out.WriteByte('\n')
		}
	}
}

func structLike(k record.PKind) bool { return k == record.PStruct || k == record.PUnion }

// member is dt_print_member.
func (p *printer) member(name string, t *record.PType, bitOff, bitSize, depth int) {
	p.trailingBraces(depth)
	if depth < p.depth {
		p.out.WriteByte('\n')
	}
	p.depth = depth
	r := t.Resolve()
	if r == nil {
		p.indent()
		fmt.Fprintf(&p.out, "%s = <invalid type>", name)
		return
	}
	arrayMember := p.nest != 0 && depth == 0
	brief := arrayMember && !structLike(r.Kind)
	if !brief {
		if arrayMember {
			p.out.WriteByte('\n')
		}
		p.indent()
		p.out.WriteString(t.Name)
		if name != "" {
			if !strings.HasSuffix(t.Name, "*") && !strings.HasSuffix(t.Name, " ") {
				p.out.WriteByte(' ')
			}
			p.out.WriteString(name)
			if r.Kind == record.PInt && (bitSize != 0 || bitOff%8 != 0) {
				bits := bitSize
				if bits == 0 {
					bits = r.Size * 8
				}
				fmt.Fprintf(&p.out, " :%d", bits)
			}
			p.out.WriteString(" =")
		}
		p.out.WriteByte(' ')
	}
	switch r.Kind {
	case record.PInt:
		p.printInt(r, bitOff, bitSize)
	case record.PFloat:
		p.printFloat(r, bitOff)
	case record.PPointer, record.PFunc:
		p.printPtr(r, bitOff)
	case record.PArray:
		p.printArray(r, bitOff)
	case record.PStruct, record.PUnion:
		p.out.WriteByte('{')
	case record.PEnum:
		p.printEnum(r, bitOff)
	case record.PForward:
		p.out.WriteString("<forward decl>")
	}
	if !brief {
		p.out.WriteByte('\n')
	}
}

// bytesAt returns size bytes at the bit offset (zero past the data).
func (p *printer) bytesAt(bitOff, size int) []byte {
	b := make([]byte, 8)
	off := p.base + bitOff/8
	for i := 0; i < size && i < 8; i++ {
		if off+i >= 0 && off+i < len(p.data) {
			b[i] = p.data[off+i]
		}
	}
	return b
}

func (p *printer) uintAt(bitOff, size int) uint64 {
	return binary.LittleEndian.Uint64(p.bytesAt(bitOff, size))
}

// printHex is dt_print_hex: "%#x" of the value at its size.
func (p *printer) printHex(bitOff, size int) {
	switch size {
	case 1, 2, 4, 8:
		v := p.uintAt(bitOff, size)
		if v == 0 {
			p.out.WriteByte('0')
		} else {
			fmt.Fprintf(&p.out, "%#x", v)
		}
	default:
		fmt.Fprintf(&p.out, "<invalid size %d>", size)
	}
}

func (p *printer) printInt(r *record.PType, bitOff, bitSize int) {
	size := r.Size
	if bitSize != 0 && bitSize != size*8 || bitOff%8 != 0 {
		// print_bitfield
		bits := bitSize
		if bits == 0 {
			bits = size * 8
		}
		n := (bits + 7) / 8 // DTrace reads only these bytes
		v := p.uintAt(bitOff, n)
		v >>= uint(bitOff % 8)
		if bits < 64 {
			v &= 1<<uint(bits) - 1
		}
		if v == 0 {
			p.out.WriteByte('0')
		} else {
			fmt.Fprintf(&p.out, "%#x", v)
		}
		return
	}
	if r.Char && r.Size == 1 {
		c := int8(p.uintAt(bitOff, 1))
		switch {
		case c >= 0x20 && c <= 0x7e:
			fmt.Fprintf(&p.out, "'%c'", c)
		case c == 0:
			p.out.WriteString(`'\0'`)
		default:
			fmt.Fprintf(&p.out, "'\\%03o'", uint32(int32(c)))
		}
		return
	}
	p.printHex(bitOff, size)
}

func (p *printer) printFloat(r *record.PType, bitOff int) {
	switch r.Size {
	case 4:
		f := math.Float32frombits(uint32(p.uintAt(bitOff, 4)))
		p.out.WriteString(cFloat(spec{plus: true, prec: 7}, 'e', float64(f)))
	case 8:
		f := math.Float64frombits(p.uintAt(bitOff, 8))
		p.out.WriteString(cFloat(spec{plus: true, prec: 7}, 'e', f))
	default:
		p.out.WriteString("<unknown encoding>")
	}
}

func (p *printer) printPtr(r *record.PType, bitOff int) {
	size := r.Size
	if size == 0 {
		size = 8
	}
	if r.Kind == record.PFunc || r.Func {
		pc := p.uintAt(bitOff, 8)
		if sy := p.env.sym(); sy != nil {
			if s, ok := sy.Kernel(pc); ok && s.Name != "" {
				fmt.Fprintf(&p.out, "%s`%s", s.Module, s.Name)
				return
			}
		}
	}
	p.printHex(bitOff, size)
}

func (p *printer) printEnum(r *record.PType, bitOff int) {
	var v int64
	switch r.Size {
	case 1:
		v = int64(uint8(p.uintAt(bitOff, 1)))
	case 2:
		v = int64(uint16(p.uintAt(bitOff, 2)))
	case 4:
		v = int64(int32(p.uintAt(bitOff, 4)))
	default:
		fmt.Fprintf(&p.out, "<invalid enum size %d>", r.Size)
		return
	}
	for _, e := range r.Enums {
		if e.Value == v {
			p.out.WriteString(e.Name)
			return
		}
	}
	fmt.Fprintf(&p.out, "%d", v)
}

// printArray is dt_print_array: "[ a, b ]", "[ \"text\" ]" for strings
// (bare "\"text\"" at the top level), structures one per line.
func (p *printer) printArray(r *record.PType, bitOff int) {
	elem := r.Elem.Resolve()
	if elem == nil {
		p.out.WriteString("<invalid type>")
		return
	}
	esize := r.Elem.Resolve().Size
	start := p.base + bitOff/8
	at := func(i int) byte {
		if o := start + i*esize; o >= 0 && o < len(p.data) {
			return p.data[o]
		}
		return 0
	}
	isString := false
	if elem.Kind == record.PInt && elem.Char && elem.Size == 1 {
		var c byte
		i := 0
		for ; i < r.Len; i++ {
			c = at(i)
			if !(c >= 0x20 && c <= 0x7e) || c == 0 {
				break
			}
		}
		isString = i != r.Len && c == 0
	}
	if !isString || p.depth != 0 {
		p.out.WriteString("[ ")
	}
	if isString {
		p.out.WriteByte('"')
		for i := 0; i < r.Len && at(i) != 0; i++ {
			p.out.WriteByte(at(i))
		}
		p.out.WriteByte('"')
	} else {
		for i := 0; i < r.Len; i++ {
			sub := &printer{data: p.data, base: start + i*esize, nest: p.nest + p.depth + 1, env: p.env}
			sub.visit("", r.Elem, 0, 0, 0)
			sub.trailingBraces(0)
			p.out.WriteString(sub.out.String())
			if i != r.Len-1 {
				p.out.WriteString(", ")
			} else if structLike(elem.Kind) {
				p.out.WriteByte('\n')
			}
		}
	}
	if !isString || p.depth != 0 {
		if structLike(elem.Kind) {
			p.indent()
		} else {
			p.out.WriteByte(' ')
		}
		p.out.WriteByte(']')
	}
}
