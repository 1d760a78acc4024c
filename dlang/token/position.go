// This file implements source positions: Pos, File and Position.

package token

import (
	"fmt"
	"sort"
)

// Pos is a position in a File: the byte offset plus one, so that the zero
// value NoPos means "no position".
type Pos int

// NoPos is the zero Pos: no position known.
const NoPos Pos = 0

// IsValid reports whether p is a real position.
func (p Pos) IsValid() bool { return p != NoPos }

// Offset returns the byte offset of p in its file (meaningless for NoPos).
func (p Pos) Offset() int { return int(p) - 1 }

// PosFor returns the Pos of the byte offset off.
func PosFor(off int) Pos { return Pos(off + 1) }

// Position is an expanded source position.
type Position struct {
	Filename string // file name as given to the parser; may be empty
	Offset   int    // byte offset, starting at 0
	Line     int    // line number, starting at 1; 0 means unknown
	Column   int    // column number in bytes, starting at 1
}

// IsValid reports whether the position has a line number.
func (p Position) IsValid() bool { return p.Line > 0 }

// String returns "file:line:col", "line:col", "file" or "-".
func (p Position) String() string {
	s := p.Filename
	if p.IsValid() {
		if s != "" {
			s += ":"
		}
		s += fmt.Sprintf("%d:%d", p.Line, p.Column)
	}
	if s == "" {
		s = "-"
	}
	return s
}

// Before reports whether p sorts before q (by file name, then offset).
func (p Position) Before(q Position) bool {
	if p.Filename != q.Filename {
		return p.Filename < q.Filename
	}
	return p.Offset < q.Offset
}

// File describes one source text: its name, size and line starts.
// A File is built by NewFile and is immutable afterwards.
type File struct {
	name  string
	size  int
	lines []int // offset of the first byte of each line; lines[0] == 0
}

// NewFile returns the File for src, computing its line table.
func NewFile(name string, src []byte) *File {
	f := &File{name: name, size: len(src), lines: make([]int, 1, 1+len(src)/32)}
	for i, c := range src {
		if c == '\n' {
			f.lines = append(f.lines, i+1)
		}
	}
	return f
}

// Name returns the file name given to NewFile.
func (f *File) Name() string { return f.name }

// Size returns the length of the source in bytes.
func (f *File) Size() int { return f.size }

// LineCount returns the number of lines.
func (f *File) LineCount() int { return len(f.lines) }

// Pos returns the Pos of byte offset off, clamped to [0, size].
func (f *File) Pos(off int) Pos {
	if off < 0 {
		off = 0
	}
	if off > f.size {
		off = f.size
	}
	return PosFor(off)
}

// Line returns the 1-based line of p, or 0 for NoPos.
func (f *File) Line(p Pos) int { return f.Position(p).Line }

// Position expands p. For NoPos (or a nil File) it returns a Position with
// only the file name set.
func (f *File) Position(p Pos) Position {
	if f == nil {
		return Position{}
	}
	if !p.IsValid() {
		return Position{Filename: f.name}
	}
	off := p.Offset()
	if off > f.size {
		off = f.size
	}
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	return Position{Filename: f.name, Offset: off, Line: i + 1, Column: off - f.lines[i] + 1}
}
