// This file implements tests of a FileSet: positions of several sources stay distinct.

package token

import "testing"

func TestFileSet(t *testing.T) {
	s := NewFileSet()
	a := s.AddFile("a.d", []byte("BEGIN\n{ x = 1; }\n"))
	b := s.AddFile("", []byte("END { y }"))
	c := s.AddFile("c.d", nil)
	if a.Base() != 1 || b.Base() <= a.Base()+a.Size() || c.Base() <= b.Base()+b.Size() {
		t.Fatalf("bases %d %d %d overlap (sizes %d %d)", a.Base(), b.Base(), c.Base(), a.Size(), b.Size())
	}
	for _, tc := range []struct {
		f         *File
		off       int
		line, col int
	}{
		{a, 0, 1, 1}, {a, 8, 2, 3}, {a, a.Size(), 3, 1}, {b, 0, 1, 1}, {b, 6, 1, 7}, {b, b.Size(), 1, 10}, {c, 0, 1, 1},
	} {
		p := tc.f.Pos(tc.off)
		if got := s.File(p); got != tc.f {
			t.Errorf("%q offset %d: in file %v", tc.f.Name(), tc.off, got)
			continue
		}
		pos := s.Position(p)
		if pos.Filename != tc.f.Name() || pos.Offset != tc.off || pos.Line != tc.line || pos.Column != tc.col {
			t.Errorf("%q offset %d: %+v, want line %d col %d", tc.f.Name(), tc.off, pos, tc.line, tc.col)
		}
		if tc.f.Offset(p) != tc.off {
			t.Errorf("%q offset %d: Offset = %d", tc.f.Name(), tc.off, tc.f.Offset(p))
		}
	}
	if s.File(NoPos) != nil || s.Position(NoPos) != (Position{}) {
		t.Error("NoPos has a file")
	}
	if f := s.File(Pos(c.Base() + 1)); f != nil {
		t.Errorf("a Pos past the last file is in %q", f.Name())
	}
}
