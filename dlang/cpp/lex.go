// This file implements the preprocessing-token lexer (C11 6.4, translation
// phases 1 to 3): line splicing, comments, and the pp-tokens of a source text.

package cpp

import (
	"sort"
	"strings"
)

// kind is the kind of a preprocessing token.
type kind uint8

const (
	kEOF    kind = iota
	kIdent       // identifier (letters, digits, '_' and, as gcc allows, '$')
	kNumber      // pp-number: 1, 0x1f, 10ms, 1.5e+3
	kChar        // character constant: 'a', L'a', 'ab'
	kString      // string literal: "a", L"a", u8"a"
	kPunct       // punctuator: + ## ... ->
	kOther       // any other character, or an unterminated quote to the end of the line
)

// tok is one preprocessing token.
type tok struct {
	kind  kind
	text  string // spelling
	space bool   // white space (or a comment) before it on its line
	bol   bool   // first token of its line
	// indent is the white space before a bol token in its source, kept in the
	// output so that columns survive; "" for tokens of macro bodies.
	indent string
	src    *source // the file it was read from (nil for tokens made by expansion)
	line   int     // physical line in src

	// Set when the token leaves its file (or is made by an expansion): the
	// presumed file name and line it is output at (#line applied).
	pname string
	pline int

	hide    *hideset // macros that must not expand this token (Prosser's hide set)
	noParen bool     // a function-like macro name followed by no '(' (never expanded again)
}

func (t *tok) is(kd kind, text string) bool { return t.kind == kd && t.text == text }

func (t *tok) isPunct(text string) bool { return t.kind == kPunct && t.text == text }

// copyTok returns a copy of t.
func copyTok(t *tok) *tok {
	c := *t
	return &c
}

// source is one file being lexed.
type source struct {
	name string // as found: "foo.d", "/usr/include/endian.h", "<command-line>"
	dir  int    // index of the search directory it was found in (-1: none)
	text string // after line splicing
	// breaks holds the offsets in text at which a new physical line begins
	// (after a newline, or where a backslash-newline was removed), ascending.
	breaks []int
}

// newSource splices lines (backslash-newline, and as gcc a backslash
// followed by blanks and a newline) and records where physical lines begin.
func newSource(name string, src []byte) *source {
	s := &source{name: name, dir: -1}
	var b strings.Builder
	b.Grow(len(src))
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\\' {
			j := i + 1
			for j < len(src) && (src[j] == ' ' || src[j] == '\t' || src[j] == '\r') {
				j++
			}
			if j < len(src) && src[j] == '\n' {
				s.breaks = append(s.breaks, b.Len())
				i = j
				continue
			}
		}
		b.WriteByte(c)
		if c == '\n' {
			s.breaks = append(s.breaks, b.Len())
		}
	}
	s.text = b.String()
	return s
}

// lineAt returns the physical line (from 1) of offset off in the spliced text.
func (s *source) lineAt(off int) int {
	return 1 + sort.Search(len(s.breaks), func(i int) bool { return s.breaks[i] > off })
}

// lexer produces the tokens of one source.
type lexer struct {
	src  *source
	text string
	off  int
	errf func(line int, msg string) // lexical errors ("unterminated comment")
}

// lexAll returns the tokens of src, ending with a kEOF token.
func lexAll(src *source, errf func(line int, msg string)) []*tok {
	lx := &lexer{src: src, text: src.text, errf: errf}
	var toks []*tok
	bol := true
	for {
		t, nl := lx.next(bol)
		toks = append(toks, t)
		if t.kind == kEOF {
			return toks
		}
		bol = nl
	}
}

// next returns the next token; bol says whether it starts a line. The
// second result says whether a newline follows the token (before the next).
func (lx *lexer) next(bol bool) (*tok, bool) {
	space := false
	indentStart := lx.off
	for lx.off < len(lx.text) {
		c := lx.text[lx.off]
		switch {
		case c == '\n':
			lx.off++
			bol, space = true, false
			indentStart = lx.off
			continue
		case c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r':
			lx.off++
			space = true
			continue
		case c == '/' && lx.peek(1) == '*':
			start := lx.off
			end := strings.Index(lx.text[lx.off+2:], "*/")
			if end < 0 {
				if lx.errf != nil {
					lx.errf(lx.src.lineAt(start), "unterminated comment")
				}
				lx.off = len(lx.text)
			} else {
				lx.off += 2 + end + 2
			}
			space = true
			continue
		case c == '/' && lx.peek(1) == '/':
			for lx.off < len(lx.text) && lx.text[lx.off] != '\n' {
				lx.off++
			}
			space = true
			continue
		}
		break
	}
	t := &tok{src: lx.src, space: space, bol: bol}
	if bol {
		t.indent = indentOf(lx.text[indentStart:lx.off])
	}
	t.line = lx.src.lineAt(lx.off)
	if lx.off >= len(lx.text) {
		t.kind = kEOF
		return t, false
	}
	start := lx.off
	t.kind = lx.scan()
	t.text = lx.text[start:lx.off]
	return t, false
}

// indentOf keeps the blanks of a line's leading white space (a comment in it
// counts as one space).
func indentOf(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' && s[i] != '\t' {
			var b strings.Builder
			for _, c := range []byte(s) {
				if c == ' ' || c == '\t' {
					b.WriteByte(c)
				}
			}
			return b.String()
		}
	}
	return s
}

func (lx *lexer) peek(k int) byte {
	if lx.off+k < len(lx.text) {
		return lx.text[lx.off+k]
	}
	return 0
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$'
}

func isIdentChar(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// punctuators, longest first within each leading character.
var punctuators = []string{
	"%:%:", "...", "<<=", ">>=",
	"->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||",
	"*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "##",
	"<:", ":>", "<%", "%>", "%:",
}

const singlePunct = "[](){}.&*+-~!/%<>^|?:;=,#"

// scan scans one token at lx.off and returns its kind.
func (lx *lexer) scan() kind {
	c := lx.text[lx.off]
	switch {
	case c == '"' || c == '\'':
		return lx.quoted(c)
	case isIdentStart(c):
		// An encoding prefix makes a string or character constant.
		for _, p := range []string{"u8", "u", "U", "L"} {
			if strings.HasPrefix(lx.text[lx.off:], p) {
				if q := lx.peek(len(p)); q == '"' || q == '\'' {
					lx.off += len(p)
					return lx.quoted(q)
				}
			}
		}
		for lx.off < len(lx.text) && isIdentChar(lx.text[lx.off]) {
			lx.off++
		}
		return kIdent
	case isDigit(c) || c == '.' && isDigit(lx.peek(1)):
		lx.off++
		for lx.off < len(lx.text) {
			d := lx.text[lx.off]
			if (d == '+' || d == '-') && strings.IndexByte("eEpP", lx.text[lx.off-1]) >= 0 {
				lx.off++
				continue
			}
			if isIdentChar(d) || d == '.' {
				lx.off++
				continue
			}
			break
		}
		return kNumber
	}
	rest := lx.text[lx.off:]
	for _, p := range punctuators {
		if strings.HasPrefix(rest, p) {
			lx.off += len(p)
			return kPunct
		}
	}
	if strings.IndexByte(singlePunct, c) >= 0 {
		lx.off++
		return kPunct
	}
	lx.off++
	return kOther
}

// quoted scans a string literal or character constant from its opening
// quote. Without a closing quote on the line the rest of the line is one
// kOther token, as gcc keeps it: the D compiler reports the error.
func (lx *lexer) quoted(q byte) kind {
	start := lx.off
	lx.off++
	for lx.off < len(lx.text) {
		switch lx.text[lx.off] {
		case q:
			lx.off++
			if q == '"' {
				return kString
			}
			return kChar
		case '\\':
			if lx.off+1 < len(lx.text) && lx.text[lx.off+1] != '\n' {
				lx.off++
			}
		case '\n':
			return lx.unterminated(start)
		}
		lx.off++
	}
	return lx.unterminated(start)
}

func (lx *lexer) unterminated(start int) kind {
	lx.off = start
	for lx.off < len(lx.text) && lx.text[lx.off] != '\n' {
		lx.off++
	}
	return kOther
}

// lexString lexes s (a macro definition from the command line, a pasted
// token) as the tokens of one line, without the final kEOF.
func lexString(name, s string) []*tok {
	src := newSource(name, []byte(s))
	toks := lexAll(src, nil)
	return toks[:len(toks)-1]
}
