// This file implements the Scanner: states, tokens and literals.

package scanner

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/token"
)

var commentEnd = []byte("*/")

// ErrorHandler receives each scanning error.
type ErrorHandler func(pos token.Pos, tag diag.Tag, msg string)

// Mode changes the scanner's behaviour.
type Mode uint

const (
	// ProbeSpec makes every outer-scope word a probe description (DTrace's
	// C_PSPEC, used for -n/-P/-m/-f/-i): "int*" is then a glob, not a
	// type.
	ProbeSpec Mode = 1 << iota
)

// The lexer states.
const (
	stOuter = iota // program outer scope: probe descriptions, declarations
	stDecl         // inside a declaration at outer scope
	stPred         // inside a predicate
	stBody         // inside a clause's action block
)

// Scanner holds the state of a scan. Init it, then call Scan until EOF.
type Scanner struct {
	file *token.File
	src  []byte
	text string // src as a string: token texts are substrings of it
	errh ErrorHandler
	mode Mode

	// IsType, when set, reports whether an identifier names a type in
	// addition to the built-in typedefs (BuiltinTypedefs) and the
	// typedefs this scan has seen. The checker plugs kernel (BTF)
	// typedefs in here.
	IsType func(name string) bool

	off      int  // next byte to read
	state    int  // stOuter, ...
	depth    int  // brace depth in stBody/stDecl
	parens   int  // open '(' in S0 states
	brackets int  // open '[' in S0 states
	predPar  int  // parens at predicate start
	predBrk  int  // brackets at predicate start
	afterSel bool // previous token was -> or .
	failed   bool // an error was reported: return EOF from now on

	typedefs  map[string]bool
	inTypedef bool   // the current declaration is a typedef
	tdIdent   string // last identifier at nesting 0 in the typedef
	tdNest    int    // ( [ nesting inside the typedef

	// ErrorCount is the number of errors reported.
	ErrorCount int
}

// Init prepares s to scan src, whose positions belong to file. errh may
// be nil.
func (s *Scanner) Init(file *token.File, src []byte, errh ErrorHandler, mode Mode) {
	*s = Scanner{file: file, src: src, text: string(src), errh: errh, mode: mode, typedefs: map[string]bool{}}
}

// Outer reports whether the scanner is at program outer scope: not inside
// a declaration, predicate or action block.
func (s *Scanner) Outer() bool { return s.state == stOuter }

// Typedefs returns the names declared by typedef so far, in no order.
func (s *Scanner) Typedefs() map[string]bool { return s.typedefs }

// IsTypeName reports whether name is a type name: a built-in D typedef,
// one declared so far, or one IsType knows.
func (s *Scanner) IsTypeName(name string) bool {
	if BuiltinTypedefs[name] || s.typedefs[name] {
		return true
	}
	return s.IsType != nil && s.IsType(name)
}

// BuiltinTypedefs are the type names D defines without any declaration
// (besides the keywords char, short, int, long, string, ...).
var BuiltinTypedefs = map[string]bool{
	"int8_t": true, "int16_t": true, "int32_t": true, "int64_t": true,
	"uint8_t": true, "uint16_t": true, "uint32_t": true, "uint64_t": true,
	"intptr_t": true, "uintptr_t": true, "size_t": true, "ssize_t": true,
	"ptrdiff_t": true, "off_t": true, "loff_t": true, "pid_t": true,
	"id_t": true, "uid_t": true, "gid_t": true, "time_t": true,
	"caddr_t": true, "processorid_t": true, "zoneid_t": true,
	"projid_t": true, "taskid_t": true, "dev_t": true, "ino_t": true,
	"mode_t": true, "u_int": true, "u_long": true, "uint_t": true,
	"ulong_t": true, "uchar_t": true, "ushort_t": true,
	"u8": true, "u16": true, "u32": true, "u64": true,
	"s8": true, "s16": true, "s32": true, "s64": true,
	"__u8": true, "__u16": true, "__u32": true, "__u64": true,
	"__s8": true, "__s16": true, "__s32": true, "__s64": true,
	"bool": true,
}

// pos is the Pos of byte offset off in the file.
func (s *Scanner) pos(off int) token.Pos {
	if s.file == nil {
		return token.PosFor(off)
	}
	return s.file.Pos(off)
}

func (s *Scanner) error(off int, tag diag.Tag, msg string) {
	s.ErrorCount++
	s.failed = true
	if s.errh != nil {
		s.errh(s.pos(off), tag, msg)
	}
}

func (s *Scanner) errorNear(off int) {
	// The byte itself, as DTrace's %c prints it (not a rune).
	s.error(off, diag.D_SYNTAX, "syntax error near \""+s.text[off:off+1]+"\"")
}

func (s *Scanner) peek(i int) byte {
	if s.off+i < len(s.src) {
		return s.src[s.off+i]
	}
	return 0
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isHex(c byte) bool    { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
func isIdentChar(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '`'
}

// isPspecStart and isPspecChar are RGX_PSPEC's character classes.
func isPspecStart(c byte) bool {
	return isLetter(c) || strings.IndexByte("-$:.?*\\[]!", c) >= 0
}
func isPspecChar(c byte) bool {
	return isPspecStart(c) || isDigit(c) || c == '`'
}

// atLineStart reports whether only [ \t\f\v] precede offset off on its line.
func (s *Scanner) atLineStart(off int) bool {
	for i := off - 1; i >= 0; i-- {
		switch s.src[i] {
		case '\n':
			return true
		case ' ', '\t', '\f', '\v':
		default:
			return false
		}
	}
	return true
}

// skip skips blanks, comments, "#!" lines and backslash-newlines. It
// returns false after reporting an unterminated comment.
func (s *Scanner) skip() bool {
	for s.off < len(s.src) {
		c := s.src[s.off]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			s.off++
		case c == '\\' && s.peek(1) == '\n' && s.state != stOuter:
			s.off += 2
		case c == '/' && s.peek(1) == '*':
			end := bytes.Index(s.src[s.off+2:], commentEnd)
			if end < 0 {
				s.off = len(s.src)
				s.error(s.off, diag.D_SYNTAX, "end-of-file encountered before matching */")
				return false
			}
			s.off += 2 + end + 2
		case c == '/' && s.peek(1) == '/':
			for s.off < len(s.src) && s.src[s.off] != '\n' {
				s.off++
			}
		case c == '#' && s.peek(1) == '!' && s.atLineStart(s.off):
			for s.off < len(s.src) && s.src[s.off] != '\n' {
				s.off++
			}
		default:
			return true
		}
	}
	return true
}

// Scan returns the next token: its position, kind and text as written
// (for operators and keywords the spelling; for PSPEC, PRAGMA, AGG, MACRO,
// IDENT and literals the source text).
func (s *Scanner) Scan() (pos token.Pos, tok token.Token, lit string) {
	if s.failed {
		return s.pos(len(s.src)), token.EOF, ""
	}
	if !s.skip() {
		return s.pos(s.off), token.ILLEGAL, ""
	}
	start := s.off
	pos = s.pos(start)
	if s.off >= len(s.src) {
		return pos, token.EOF, ""
	}
	c := s.src[s.off]
	if c == '#' && s.atLineStart(s.off) {
		for s.off < len(s.src) && s.src[s.off] != '\n' {
			s.off++
		}
		if s.off == len(s.src) {
			s.error(s.off, diag.D_SYNTAX, "end-of-file encountered before end of control line")
			return s.pos(s.off), token.ILLEGAL, ""
		}
		text := strings.TrimRight(s.text[start:s.off], "\r")
		if n, name, ok := LineDirective(text); ok && s.file != nil {
			// As dt_pragma_line: the next line is line n (of name).
			s.file.AddLine(s.off+1, name, n)
		}
		return pos, token.PRAGMA, text
	}
	afterSel := s.afterSel
	s.afterSel = false
	if s.state == stOuter {
		tok, lit = s.scanOuter()
	} else {
		tok, lit = s.scanExpr(afterSel)
	}
	if tok == token.ILLEGAL {
		return pos, tok, lit
	}
	s.track(tok, lit)
	return pos, tok, lit
}

// declKeywords are the keywords that start a declaration at outer scope
// (dt_lex.l's <S2> keyword rules).
var declKeywords = map[string]token.Token{}

func init() {
	for _, t := range []token.Token{token.AUTO, token.CHAR_KW, token.CONST, token.COUNTER,
		token.DOUBLE, token.ENUM, token.EXTERN, token.FLOAT, token.IMPORT, token.INLINE,
		token.INT_KW, token.LONG, token.PROVIDER, token.REGISTER, token.RESTRICT,
		token.SELF, token.SHORT, token.SIGNED, token.STATIC, token.STRING_KW,
		token.STRUCT, token.THIS, token.TRANSLATOR, token.TYPEDEF, token.UNION,
		token.UNSIGNED, token.VOID, token.VOLATILE} {
		declKeywords[t.String()] = t
	}
}

// scanOuter scans one token in the outer scope.
func (s *Scanner) scanOuter() (token.Token, string) {
	start := s.off
	c := s.src[s.off]
	switch {
	case c == '{':
		s.off++
		return token.LBRACE, "{"
	case c == ',':
		s.off++
		return token.COMMA, ","
	case c == '/':
		s.off++
		return token.QUO, "/"
	case isDigit(c):
		return s.scanNumber()
	case isPspecStart(c):
		for s.off < len(s.src) && isPspecChar(s.src[s.off]) {
			s.off++
		}
		word := s.text[start:s.off]
		if kw, ok := declKeywords[word]; ok {
			return kw, word
		}
		if s.mode&ProbeSpec == 0 && strings.IndexByte(word, ':') < 0 {
			name := word
			if i := strings.IndexByte(word, '*'); i > 0 {
				name = word[:i]
			}
			if kw, ok := declKeywords[name]; ok {
				s.off = start + len(name)
				return kw, name
			}
			if isPlainIdent(name) && s.IsTypeName(name) {
				s.off = start + len(name)
				return token.IDENT, name
			}
		}
		return token.PSPEC, word
	}
	s.errorNear(s.off)
	return token.ILLEGAL, ""
}

func isPlainIdent(w string) bool {
	if w == "" || !isLetter(w[0]) && w[0] != '`' {
		return false
	}
	for i := 1; i < len(w); i++ {
		if !isIdentChar(w[i]) {
			return false
		}
	}
	return true
}

// track updates the state machine after a token was produced.
func (s *Scanner) track(tok token.Token, lit string) {
	switch s.state {
	case stOuter:
		switch {
		case tok == token.LBRACE:
			s.state, s.depth = stBody, 1
		case tok == token.QUO:
			s.state = stPred
			s.predPar, s.predBrk = s.parens, s.brackets
		case tok.IsKeyword() || tok == token.IDENT:
			s.state, s.depth = stDecl, 0
			s.inTypedef = tok == token.TYPEDEF
			s.tdIdent, s.tdNest = "", 0
		}
	case stDecl:
		switch tok {
		case token.LBRACE:
			s.depth++
		case token.RBRACE:
			s.depth--
		case token.LPAREN, token.LBRACK:
			s.tdNest++
		case token.RPAREN, token.RBRACK:
			s.tdNest--
		case token.IDENT:
			if s.depth == 0 && s.tdNest == 0 {
				s.tdIdent = lit
			}
		case token.COMMA, token.SEMI:
			if s.inTypedef && s.depth == 0 && s.tdNest == 0 && s.tdIdent != "" {
				s.typedefs[s.tdIdent] = true
				s.tdIdent = ""
			}
			if tok == token.SEMI && s.depth <= 0 {
				s.state = stOuter
			}
		}
	case stPred:
		if tok == token.EPRED {
			s.state = stOuter
		}
	case stBody:
		switch tok {
		case token.LBRACE:
			s.depth++
		case token.RBRACE:
			s.depth--
			if s.depth == 0 {
				s.state = stOuter
			}
		}
	}
	if tok == token.ARROW || tok == token.PERIOD {
		s.afterSel = true
	}
}

// scanExpr scans one token in an S0 state (declaration, predicate, body).
func (s *Scanner) scanExpr(afterSel bool) (token.Token, string) {
	start := s.off
	c := s.src[s.off]
	switch {
	case isLetter(c) || c == '`':
		for s.off < len(s.src) && isIdentChar(s.src[s.off]) {
			s.off++
		}
		word := s.text[start:s.off]
		if afterSel {
			return token.IDENT, word
		}
		return token.Lookup(word), word
	case isDigit(c) || c == '.' && isDigit(s.peek(1)):
		return s.scanNumber()
	case c == '"':
		return s.scanString()
	case c == '\'':
		return s.scanChar()
	case c == '$':
		return s.scanMacro()
	case c == '@':
		s.off++
		if s.off < len(s.src) && isLetter(s.src[s.off]) {
			for s.off < len(s.src) && (isLetter(s.src[s.off]) || isDigit(s.src[s.off])) {
				s.off++
			}
		}
		return token.AGG, s.text[start:s.off]
	}
	s.off++
	c1 := s.peek(0)
	c2 := s.peek(1)
	switch c {
	case '(':
		s.parens++
		return token.LPAREN, "("
	case ')':
		if s.parens--; s.parens < 0 {
			s.error(start, diag.D_SYNTAX, "extra ) in input stream")
			return token.ILLEGAL, ""
		}
		return token.RPAREN, ")"
	case '[':
		s.brackets++
		return token.LBRACK, "["
	case ']':
		if s.brackets--; s.brackets < 0 {
			s.error(start, diag.D_SYNTAX, "extra ] in input stream")
			return token.ILLEGAL, ""
		}
		return token.RBRACK, "]"
	case '{':
		return token.LBRACE, "{"
	case '}':
		return token.RBRACE, "}"
	case ',':
		return token.COMMA, ","
	case ';':
		return token.SEMI, ";"
	case '?':
		return token.QUEST, "?"
	case ':':
		return token.COLON, ":"
	case '~':
		return token.TILDE, "~"
	case '.':
		if c1 == '.' && c2 == '.' {
			s.off += 2
			return token.ELLIPSIS, "..."
		}
		return token.PERIOD, "."
	case '/':
		if c1 == '=' {
			s.off++
			return token.QUO_ASSIGN, "/="
		}
		if s.state == stPred && s.endsPredicate() {
			if s.parens != s.predPar {
				s.error(start, diag.D_SYNTAX, "closing ) expected in predicate before /")
				return token.ILLEGAL, ""
			}
			if s.brackets != s.predBrk {
				s.error(start, diag.D_SYNTAX, "closing ] expected in predicate before /")
				return token.ILLEGAL, ""
			}
			return token.EPRED, "/"
		}
		return token.QUO, "/"
	case '+':
		return s.op2(c1, '+', token.INC, '=', token.ADD_ASSIGN, token.ADD)
	case '-':
		if c1 == '>' {
			s.off++
			return token.ARROW, "->"
		}
		return s.op2(c1, '-', token.DEC, '=', token.SUB_ASSIGN, token.SUB)
	case '*':
		return s.op2(c1, 0, 0, '=', token.MUL_ASSIGN, token.MUL)
	case '%':
		return s.op2(c1, 0, 0, '=', token.REM_ASSIGN, token.REM)
	case '&':
		return s.op2(c1, '&', token.LAND, '=', token.AND_ASSIGN, token.AND)
	case '|':
		return s.op2(c1, '|', token.LOR, '=', token.OR_ASSIGN, token.OR)
	case '^':
		return s.op2(c1, '^', token.LXOR, '=', token.XOR_ASSIGN, token.XOR)
	case '=':
		return s.op2(c1, '=', token.EQL, 0, 0, token.ASSIGN)
	case '!':
		return s.op2(c1, 0, 0, '=', token.NEQ, token.NOT)
	case '<':
		if c1 == '<' && c2 == '=' {
			s.off += 2
			return token.SHL_ASSIGN, "<<="
		}
		return s.op2(c1, '<', token.SHL, '=', token.LEQ, token.LSS)
	case '>':
		if c1 == '>' && c2 == '=' {
			s.off += 2
			return token.SHR_ASSIGN, ">>="
		}
		return s.op2(c1, '>', token.SHR, '=', token.GEQ, token.GTR)
	}
	s.errorNear(start)
	return token.ILLEGAL, ""
}

// op2 returns tok1 if the next byte is c1, tok2 if it is c2, else tok0.
func (s *Scanner) op2(next, c1 byte, tok1 token.Token, c2 byte, tok2 token.Token, tok0 token.Token) (token.Token, string) {
	if c1 != 0 && next == c1 {
		s.off++
		return tok1, tok1.String()
	}
	if c2 != 0 && next == c2 {
		s.off++
		return tok2, tok2.String()
	}
	return tok0, tok0.String()
}

// endsPredicate is DTrace's lookahead after a '/' in a predicate: the next
// non-blank character is end of input, ';', '{' or '/'. As in dt_lex.l,
// comments are not skipped: a comment start is a '/'.
func (s *Scanner) endsPredicate() bool {
	for i := s.off; i < len(s.src); i++ {
		switch c := s.src[i]; c {
		case ' ', '\t', '\n', '\r', '\f', '\v':
		default:
			return c == ';' || c == '{' || c == '/'
		}
	}
	return true
}

// scanNumber scans an integer constant (RGX_INT) and reports
// floating-point constants (RGX_FP), which D does not permit.
func (s *Scanner) scanNumber() (token.Token, string) {
	start := s.off
	if s.src[s.off] == '0' && (s.peek(1) == 'x' || s.peek(1) == 'X') && isHex(s.peek(2)) {
		s.off += 2
		for s.off < len(s.src) && isHex(s.src[s.off]) {
			s.off++
		}
	} else {
		for s.off < len(s.src) && isDigit(s.src[s.off]) {
			s.off++
		}
		// RGX_FP: digits '.' digits, exponent, or an f/F suffix.
		c := s.peek(0)
		fp := c == '.' || c == 'f' || c == 'F'
		if c == 'e' || c == 'E' {
			d := s.peek(1)
			if d == '+' || d == '-' {
				d = s.peek(2)
			}
			fp = isDigit(d)
		}
		if fp || start == s.off { // start == s.off: ".5"
			s.error(start, diag.D_SYNTAX, "floating-point constants are not permitted")
			return token.ILLEGAL, ""
		}
	}
	// [uU]?[lL]?[lL]?
	if c := s.peek(0); c == 'u' || c == 'U' {
		s.off++
	}
	for i := 0; i < 2; i++ {
		if c := s.peek(0); c == 'l' || c == 'L' {
			s.off++
		}
	}
	lit := s.text[start:s.off]
	if _, err := ParseInt(lit); err != nil {
		tag := diag.D_INT_OFLOW
		if err == errDigit {
			tag = diag.D_INT_DIGIT
			_, bad := intDigits(lit)
			s.error(start, tag, fmt.Sprintf("constant %s contains invalid digit %c", lit, bad))
			return token.ILLEGAL, ""
		}
		s.error(start, tag, fmt.Sprintf("constant %s results in integer overflow", lit))
		return token.ILLEGAL, ""
	}
	return token.INT, lit
}

// scanString scans a string literal.
func (s *Scanner) scanString() (token.Token, string) {
	start := s.off
	s.off++
	for s.off < len(s.src) {
		switch s.src[s.off] {
		case '"':
			s.off++
			return token.STRING, s.text[start:s.off]
		case '\n':
			s.error(start, diag.D_STR_NL, "newline encountered in string literal")
			return token.ILLEGAL, ""
		case '\\':
			if s.peek(1) == '\n' {
				s.error(start, diag.D_STR_NL, "newline encountered in string literal")
				return token.ILLEGAL, ""
			}
			s.off += 2
		default:
			s.off++
		}
	}
	s.errorNear(start)
	return token.ILLEGAL, ""
}

// scanChar scans a character constant.
func (s *Scanner) scanChar() (token.Token, string) {
	start := s.off
	s.off++
	for s.off < len(s.src) {
		switch s.src[s.off] {
		case '\'':
			s.off++
			lit := s.text[start:s.off]
			if len(lit) == 2 {
				s.error(start, diag.D_CHR_NULL, "empty character constant")
				return token.ILLEGAL, ""
			}
			if len(Unescape(lit[1:len(lit)-1])) > 8 {
				s.error(start, diag.D_CHR_OFLOW, "character constant is too long")
				return token.ILLEGAL, ""
			}
			return token.CHAR, lit
		case '\n':
			s.error(start, diag.D_CHR_NL, "newline encountered in character constant")
			return token.ILLEGAL, ""
		case '\\':
			if s.peek(1) == '\n' {
				s.error(start, diag.D_CHR_NL, "newline encountered in character constant")
				return token.ILLEGAL, ""
			}
			s.off += 2
		default:
			s.off++
		}
	}
	s.errorNear(start)
	return token.ILLEGAL, ""
}

// scanMacro scans $N, $$N, $name and $$name.
func (s *Scanner) scanMacro() (token.Token, string) {
	start := s.off
	s.off++
	if s.peek(0) == '$' {
		s.off++
	}
	switch c := s.peek(0); {
	case isDigit(c):
		for s.off < len(s.src) && isDigit(s.src[s.off]) {
			s.off++
		}
	case isLetter(c) || c == '`':
		for s.off < len(s.src) && isIdentChar(s.src[s.off]) {
			s.off++
		}
	default:
		s.off = start + 1
		s.errorNear(start)
		return token.ILLEGAL, ""
	}
	return token.MACRO, s.text[start:s.off]
}
