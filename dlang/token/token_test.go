// This file implements tests of positions and token kinds.

package token

import "testing"

func TestPosition(t *testing.T) {
	src := []byte("ab\ncd\n\nx")
	f := NewFile("f.d", src)
	for _, tc := range []struct {
		off, line, col int
	}{
		{0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {5, 2, 3}, {6, 3, 1}, {7, 4, 1}, {8, 4, 2},
	} {
		p := f.Position(f.Pos(tc.off))
		if p.Line != tc.line || p.Column != tc.col || p.Offset != tc.off || p.Filename != "f.d" {
			t.Errorf("offset %d: %+v, want line %d col %d", tc.off, p, tc.line, tc.col)
		}
	}
	if p := f.Position(NoPos); p.IsValid() || p.Filename != "f.d" {
		t.Errorf("NoPos: %+v", p)
	}
	if got := f.Position(f.Pos(3)).String(); got != "f.d:2:1" {
		t.Errorf("String() = %q", got)
	}
	if f.LineCount() != 4 || f.Size() != len(src) || f.Name() != "f.d" {
		t.Errorf("file %d lines %d bytes %q", f.LineCount(), f.Size(), f.Name())
	}
	a, b := f.Position(f.Pos(1)), f.Position(f.Pos(4))
	if !a.Before(b) || b.Before(a) {
		t.Error("Before is wrong")
	}
}

func TestTokens(t *testing.T) {
	for _, tc := range []struct {
		tok  Token
		want string
	}{
		{LXOR, "^^"}, {SHR_ASSIGN, ">>="}, {ARROW, "->"}, {STRING_KW, "string"}, {IDENT, "IDENT"}, {EPRED, "/"},
	} {
		if got := tc.tok.String(); got != tc.want {
			t.Errorf("%d.String() = %q, want %q", int(tc.tok), got, tc.want)
		}
	}
	if Lookup("self") != SELF || Lookup("xlate") != XLATE || Lookup("execname") != IDENT {
		t.Error("Lookup is wrong")
	}
	if !ADD_ASSIGN.IsAssignOp() || EQL.IsAssignOp() || !UNSIGNED.IsTypeKeyword() || SIZEOF.IsTypeKeyword() {
		t.Error("classification is wrong")
	}
	// D's precedence: || < ^^ < && < | < ^ < & < == < < < << < + < *.
	order := []Token{LOR, LXOR, LAND, OR, XOR, AND, EQL, LSS, SHL, ADD, MUL}
	for i := 1; i < len(order); i++ {
		if order[i-1].Precedence() >= order[i].Precedence() {
			t.Errorf("%v binds at least as tightly as %v", order[i-1], order[i])
		}
	}
}

func TestAddLine(t *testing.T) {
	// # 1 "a.d" / a1 / # 10 "inc.h" 1 / i10 / i11 / #line 40 / i40
	src := []byte("# 1 \"a.d\"\na1\n# 10 \"inc.h\" 1\ni10\ni11\n#line 40\ni40\n")
	f := NewFile("a.d", src)
	f.AddLine(indexOf(src, "a1"), "a.d", 1)
	f.AddLine(indexOf(src, "i10"), "inc.h", 10)
	f.AddLine(indexOf(src, "i40"), "", 40)
	for _, tc := range []struct {
		word, presumed string
		line           int
	}{{"# 1", "", 1}, {"a1", "a.d", 1}, {"i10", "inc.h", 10}, {"i11", "inc.h", 11}, {"i40", "inc.h", 40}} {
		off := indexOf(src, tc.word)
		p := f.Position(f.Pos(off))
		if p.Presumed != tc.presumed || p.Line != tc.line || p.Filename != "a.d" || p.Offset != off {
			t.Errorf("%s: %+v, want %s line %d", tc.word, p, tc.presumed, tc.line)
		}
	}
}

func indexOf(b []byte, s string) int {
	for i := 0; i+len(s) <= len(b); i++ {
		if string(b[i:i+len(s)]) == s {
			return i
		}
	}
	return -1
}
