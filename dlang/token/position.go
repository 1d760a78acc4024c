// This file implements source positions: Pos, File, FileSet and Position.

package token

import (
	"fmt"
	"sort"
	"sync"
)

// Pos is a position in a File: the file's base plus the byte offset, so that
// the zero value NoPos means "no position". A File of its own (NewFile) has
// base 1; the files of a FileSet have consecutive bases, so that a Pos names
// one byte of one of them.
type Pos int

// NoPos is the zero Pos: no position known.
const NoPos Pos = 0

// IsValid reports whether p is a real position.
func (p Pos) IsValid() bool { return p != NoPos }

// Offset returns the byte offset of p in a File of its own (base 1, as
// NewFile's); meaningless for NoPos. For a File of a FileSet use
// File.Offset.
func (p Pos) Offset() int { return int(p) - 1 }

// PosFor returns the Pos of the byte offset off in a File of its own.
func PosFor(off int) Pos { return Pos(off + 1) }

// Position is an expanded source position.
type Position struct {
	Filename string // file name as given to the parser; may be empty
	Offset   int    // byte offset, starting at 0
	Line     int    // line number, starting at 1; 0 means unknown (after a line marker, the line it says)
	Column   int    // column number in bytes, starting at 1
	// Presumed is the file a "#line N "file"" directive or a cpp line
	// marker (# N "file") before the position names, "" if none does:
	// the file the text came from before preprocessing.
	Presumed string
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

// File describes one source text: its name, base, size and line starts.
// A File is built by NewFile or FileSet.AddFile; only AddLine changes it afterwards.
type File struct {
	name  string
	base  int // Pos of offset 0
	size  int
	lines []int // offset of the first byte of each line; lines[0] == 0
	// infos renumber the lines from their offsets on (AddLine), ascending.
	infos []lineInfo
}

// lineInfo says that the line starting at off is line of the file name.
type lineInfo struct {
	off  int
	name string
	line int
}

// AddLine records a line directive: the line starting at byte offset off is
// line `line` of the file name (the presumed file; "" keeps the one before),
// and the lines after it follow on, until the next directive. The scanner
// adds them as it reads "#line" directives and cpp's line markers, so the
// positions of the tokens after one expand to the original file and line
// (offsets must increase; positions before off are unchanged).
func (f *File) AddLine(off int, name string, line int) {
	if n := len(f.infos); n > 0 {
		if off < f.infos[n-1].off {
			return
		}
		if name == "" {
			name = f.infos[n-1].name
		}
		if off == f.infos[n-1].off {
			f.infos[n-1] = lineInfo{off: off, name: name, line: line}
			return
		}
	}
	f.infos = append(f.infos, lineInfo{off: off, name: name, line: line})
}

// NewFile returns the File for src, a file of its own (base 1), computing
// its line table.
func NewFile(name string, src []byte) *File { return newFile(name, 1, src) }

func newFile(name string, base int, src []byte) *File {
	f := &File{name: name, base: base, size: len(src), lines: make([]int, 1, 1+len(src)/32)}
	for i, c := range src {
		if c == '\n' {
			f.lines = append(f.lines, i+1)
		}
	}
	return f
}

// Name returns the file name given to NewFile or AddFile.
func (f *File) Name() string { return f.name }

// Base returns the Pos of the file's first byte.
func (f *File) Base() int { return f.base }

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
	return Pos(f.base + off)
}

// Offset returns the byte offset of p in the file (meaningless for NoPos).
func (f *File) Offset(p Pos) int { return int(p) - f.base }

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
	off := min(max(f.Offset(p), 0), f.size)
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	pos := Position{Filename: f.name, Offset: off, Line: i + 1, Column: off - f.lines[i] + 1}
	if k := sort.Search(len(f.infos), func(k int) bool { return f.infos[k].off > off }) - 1; k >= 0 {
		li := f.infos[k]
		first := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > li.off }) - 1
		pos.Line = li.line + i - first
		pos.Presumed = li.name
	}
	return pos
}

// A FileSet holds the sources of one invocation (every -s script and -n
// probe specifier, in order), each at its own base, so that a Pos from any of
// them expands to the right file's name, line and column. It is safe for
// concurrent use.
type FileSet struct {
	mu    sync.Mutex
	base  int // base of the next file
	files []*File
}

// NewFileSet returns an empty FileSet.
func NewFileSet() *FileSet { return &FileSet{base: 1} }

// AddFile adds the source src named name and returns its File. Its
// positions follow those of the files added before it (one past their
// end, so that a file's end-of-input Pos is its own).
func (s *FileSet) AddFile(name string, src []byte) *File {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := newFile(name, s.base, src)
	s.base += len(src) + 1
	s.files = append(s.files, f)
	return f
}

// File returns the file that holds p, or nil.
func (s *FileSet) File(p Pos) *File {
	if !p.IsValid() {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := sort.Search(len(s.files), func(i int) bool { return s.files[i].base > int(p) }) - 1
	if i < 0 || int(p) > s.files[i].base+s.files[i].size {
		return nil
	}
	return s.files[i]
}

// Position expands p in the file that holds it; it is the zero Position for
// NoPos or a Pos outside the set.
func (s *FileSet) Position(p Pos) Position { return s.File(p).Position(p) }
