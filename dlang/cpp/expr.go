// This file implements #if and #elif: the defined and __has_include
// operators, and the integer constant expression evaluated in intmax_t and
// uintmax_t (64 bits) as cpp evaluates it.

package cpp

import (
	"strings"
	"unicode/utf8"
)

// evalIf evaluates the expression of #if or #elif (nt is the directive
// name); an erroneous expression is false.
func (p *pp) evalIf(nt *tok, args []*tok) bool {
	if len(args) == 0 {
		p.errorAt(nt, "#%s with no expression", nt.text)
		return false
	}
	nerr := p.errors()
	toks := p.expandList(args, true)
	if p.errors() > nerr {
		return false
	}
	ev := &evaluator{p: p, toks: toks, dir: nt}
	v := ev.comma(true)
	if !ev.failed && ev.i < len(toks) {
		t := toks[ev.i]
		switch {
		case t.isPunct(")"):
			ev.fail(t, "missing '(' in expression")
		case t.isPunct(":"):
			ev.fail(t, " ':' without preceding '?'") // sic: gcc's text has the space
		default:
			ev.unexpected(t)
		}
	}
	if ev.failed {
		return false
	}
	return v.v != 0
}

// errors counts the errors reported so far.
func (p *pp) errors() int {
	n := 0
	for _, d := range p.diags {
		if d.Severity >= Error {
			n++
		}
	}
	return n
}

// defined runs "defined NAME" and "defined ( NAME )" in #if.
func (e *expander) defined(t *tok) *tok {
	n := e.next(true)
	paren := n.isPunct("(")
	if paren {
		n = e.next(true)
	}
	if n.kind != kIdent {
		e.p.errorAt(t, "operator \"defined\" requires an identifier")
		return e.made(t, kNumber, "0")
	}
	if paren {
		if c := e.next(true); !c.isPunct(")") {
			e.p.errorAt(t, "missing ')' after \"defined\"")
			return e.made(t, kNumber, "0")
		}
	}
	if e.p.macros[n.text] != nil {
		return e.made(t, kNumber, "1")
	}
	return e.made(t, kNumber, "0")
}

// hasInclude runs __has_include("x") and __has_include(<x>) in #if.
func (e *expander) hasInclude(t *tok) *tok {
	if l := e.next(true); !l.isPunct("(") {
		e.p.errorAt(t, "missing '(' before \"%s\" operand", t.text)
		return e.made(t, kNumber, "0")
	}
	var toks []*tok
	for {
		n := e.next(true)
		if n.kind == kEOF {
			e.p.errorAt(t, "missing ')' after \"%s\" operand", t.text)
			return e.made(t, kNumber, "0")
		}
		if n.isPunct(")") && (len(toks) == 0 || toks[0].kind == kString || toks[len(toks)-1].isPunct(">")) {
			break
		}
		toks = append(toks, n)
	}
	name, angle, ok := e.p.headerName(&tok{kind: kIdent, text: t.text, pname: t.pname, pline: t.pline}, toks)
	if !ok {
		return e.made(t, kNumber, "0")
	}
	f := e.p.cur()
	if f == nil {
		return e.made(t, kNumber, "0")
	}
	if _, _, err := e.p.find(f, name, angle, t.text == "__has_include_next"); err != nil {
		return e.made(t, kNumber, "0")
	}
	return e.made(t, kNumber, "1")
}

// value is a value of an #if expression: intmax_t or uintmax_t.
type value struct {
	v        uint64
	unsigned bool
}

func (v value) neg() bool { return !v.unsigned && int64(v.v) < 0 }

func boolValue(b bool) value {
	if b {
		return value{v: 1}
	}
	return value{}
}

// evaluator parses and evaluates an expanded #if expression by precedence
// climbing; eval false means the operand is not evaluated (the right of a
// decided && or ||, the unchosen arm of ?:), so division by zero there is
// no error.
type evaluator struct {
	p      *pp
	toks   []*tok
	i      int
	dir    *tok
	failed bool
}

func (ev *evaluator) fail(t *tok, format string, args ...any) {
	if !ev.failed {
		ev.p.errorAt(t, format, args...)
		ev.failed = true
	}
}

func (ev *evaluator) peek() *tok {
	if ev.i < len(ev.toks) {
		return ev.toks[ev.i]
	}
	return nil
}

// binary operators by precedence (higher binds tighter).
var binaryPrec = map[string]int{
	"*": 10, "/": 10, "%": 10,
	"+": 9, "-": 9,
	"<<": 8, ">>": 8,
	"<": 7, ">": 7, "<=": 7, ">=": 7,
	"==": 6, "!=": 6,
	"&": 5, "^": 4, "|": 3, "&&": 2, "||": 1,
}

// comma parses expr (, expr)*.
func (ev *evaluator) comma(eval bool) value {
	v := ev.cond(eval)
	for !ev.failed {
		t := ev.peek()
		if t == nil || !t.isPunct(",") {
			break
		}
		ev.i++
		v = ev.cond(eval)
	}
	return v
}

// cond parses a ?: b : c (right-associative) over binary expressions.
func (ev *evaluator) cond(eval bool) value {
	c := ev.binary(1, eval)
	t := ev.peek()
	if ev.failed || t == nil || !t.isPunct("?") {
		return c
	}
	ev.i++
	a := ev.comma(eval && c.v != 0)
	if ev.failed {
		return a
	}
	if t := ev.peek(); t == nil || !t.isPunct(":") {
		ev.fail(orTok(t, ev.last()), "'?' without following ':'")
		return a
	}
	ev.i++
	b := ev.cond(eval && c.v == 0)
	u := a.unsigned || b.unsigned
	if c.v != 0 {
		return value{v: a.v, unsigned: u}
	}
	return value{v: b.v, unsigned: u}
}

func orTok(t, alt *tok) *tok {
	if t != nil {
		return t
	}
	return alt
}

// last returns the last token (for errors at the end of the expression).
func (ev *evaluator) last() *tok {
	if len(ev.toks) > 0 {
		return ev.toks[len(ev.toks)-1]
	}
	return ev.dir
}

func (ev *evaluator) binary(minPrec int, eval bool) value {
	l := ev.unary(eval)
	for !ev.failed {
		t := ev.peek()
		if t == nil || t.isPunct(")") || t.isPunct(":") || t.isPunct(",") || t.isPunct("?") {
			return l
		}
		prec, ok := binaryPrec[t.text]
		if t.kind != kPunct || !ok {
			ev.unexpected(t)
			return l
		}
		if prec < minPrec {
			return l
		}
		ev.i++
		switch t.text {
		case "&&":
			r := ev.binary(prec+1, eval && l.v != 0)
			l = boolValue(l.v != 0 && r.v != 0)
		case "||":
			r := ev.binary(prec+1, eval && l.v == 0)
			l = boolValue(l.v != 0 || r.v != 0)
		default:
			r := ev.binary(prec+1, eval)
			if ev.failed {
				return l
			}
			l = ev.apply(t, l, r, eval)
		}
	}
	return l
}

// unexpected reports a token where an operator was due.
func (ev *evaluator) unexpected(t *tok) {
	switch t.kind {
	case kNumber, kChar, kIdent:
		ev.fail(t, "missing binary operator before token \"%s\"", t.text)
	case kPunct:
		if t.isPunct("(") {
			ev.fail(t, "missing binary operator before token \"(\"")
			return
		}
		ev.fail(t, "token \"%s\" is not valid in preprocessor expressions", t.text)
	default:
		ev.fail(t, "token \"%s\" is not valid in preprocessor expressions", t.text)
	}
}

func (ev *evaluator) apply(op *tok, l, r value, eval bool) value {
	u := l.unsigned || r.unsigned
	switch op.text {
	case "*":
		return value{v: l.v * r.v, unsigned: u}
	case "/", "%":
		if r.v == 0 {
			if eval {
				ev.fail(op, "division by zero in #if")
			}
			return value{unsigned: u}
		}
		if u {
			if op.text == "/" {
				return value{v: l.v / r.v, unsigned: true}
			}
			return value{v: l.v % r.v, unsigned: true}
		}
		a, b := int64(l.v), int64(r.v)
		if b == -1 { // no trap on INT64_MIN / -1
			if op.text == "/" {
				return value{v: uint64(-a)}
			}
			return value{}
		}
		if op.text == "/" {
			return value{v: uint64(a / b)}
		}
		return value{v: uint64(a % b)}
	case "+":
		return value{v: l.v + r.v, unsigned: u}
	case "-":
		return value{v: l.v - r.v, unsigned: u}
	case "<<":
		return shift(l, r, true)
	case ">>":
		return shift(l, r, false)
	case "<", ">", "<=", ">=":
		var lt, eq bool
		if u {
			lt, eq = l.v < r.v, l.v == r.v
		} else {
			lt, eq = int64(l.v) < int64(r.v), l.v == r.v
		}
		switch op.text {
		case "<":
			return boolValue(lt)
		case ">":
			return boolValue(!lt && !eq)
		case "<=":
			return boolValue(lt || eq)
		}
		return boolValue(!lt)
	case "==":
		return boolValue(l.v == r.v)
	case "!=":
		return boolValue(l.v != r.v)
	case "&":
		return value{v: l.v & r.v, unsigned: u}
	case "^":
		return value{v: l.v ^ r.v, unsigned: u}
	case "|":
		return value{v: l.v | r.v, unsigned: u}
	}
	return l
}

// shift shifts l by r as cpp does: a negative count shifts the other way,
// a count of 64 or more leaves 0 (or -1 for a negative value shifted right).
func shift(l, r value, left bool) value {
	n := r.v
	if r.neg() {
		left, n = !left, -r.v
	}
	if left {
		if n >= 64 {
			return value{unsigned: l.unsigned}
		}
		return value{v: l.v << n, unsigned: l.unsigned}
	}
	if n >= 64 {
		if l.neg() {
			return value{v: ^uint64(0)}
		}
		return value{unsigned: l.unsigned}
	}
	if l.unsigned {
		return value{v: l.v >> n, unsigned: true}
	}
	return value{v: uint64(int64(l.v) >> n)}
}

func (ev *evaluator) unary(eval bool) value {
	t := ev.peek()
	if t == nil {
		if ev.i == 0 {
			ev.fail(ev.dir, "#%s with no expression", ev.dir.text)
		} else {
			prev := ev.toks[ev.i-1]
			ev.fail(prev, "operator '%s' has no right operand", prev.text)
		}
		return value{}
	}
	switch t.kind {
	case kNumber:
		ev.i++
		return ev.number(t)
	case kChar:
		ev.i++
		return ev.char(t)
	case kIdent:
		ev.i++
		return value{} // an identifier that is no macro
	case kPunct:
		switch t.text {
		case "(":
			ev.i++
			if n := ev.peek(); n != nil && n.isPunct(")") {
				ev.fail(n, "missing expression between '(' and ')'")
				return value{}
			}
			v := ev.comma(eval)
			if ev.failed {
				return v
			}
			if n := ev.peek(); n == nil || !n.isPunct(")") {
				ev.fail(t, "missing ')' in expression")
				return v
			}
			ev.i++
			return v
		case "+", "-", "~", "!":
			ev.i++
			v := ev.unary(eval)
			switch t.text {
			case "-":
				return value{v: -v.v, unsigned: v.unsigned}
			case "~":
				return value{v: ^v.v, unsigned: v.unsigned}
			case "!":
				return boolValue(v.v == 0)
			}
			return v
		}
		if _, ok := binaryPrec[t.text]; ok || t.text == "?" || t.text == ":" || t.text == "," || t.text == ")" {
			if ev.i == 0 || t.text == ")" {
				if t.text == ")" && ev.i == 0 {
					ev.fail(t, "missing '(' in expression")
				} else if t.text == ")" && ev.i > 0 && ev.toks[ev.i-1].isPunct("(") {
					ev.fail(t, "missing expression between '(' and ')'")
				} else if t.text == ")" && ev.i > 0 {
					prev := ev.toks[ev.i-1]
					ev.fail(prev, "operator '%s' has no right operand", prev.text)
				} else {
					ev.fail(t, "operator '%s' has no left operand", t.text)
				}
			} else {
				prev := ev.toks[ev.i-1]
				ev.fail(prev, "operator '%s' has no right operand", prev.text)
			}
			return value{}
		}
	case kString:
		ev.fail(t, "token \"%s\" is not valid in preprocessor expressions", t.text)
		return value{}
	}
	ev.fail(t, "token \"%s\" is not valid in preprocessor expressions", t.text)
	return value{}
}

// number evaluates an integer constant: decimal, octal, hex or (gcc)
// binary, with u, l, ll suffixes.
func (ev *evaluator) number(t *tok) value {
	s := t.text
	base := 10
	body := s
	switch {
	case len(s) > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'):
		base, body = 16, s[2:]
	case len(s) > 1 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B'):
		base, body = 2, s[2:]
	case len(s) > 1 && s[0] == '0':
		base, body = 8, s[1:]
	}
	if strings.ContainsAny(s, ".") || base != 16 && strings.ContainsAny(s, "eE") && !strings.ContainsAny(s, "xX") || base == 16 && strings.ContainsAny(body, "pP") {
		ev.fail(t, "floating constant in preprocessor expression")
		return value{}
	}
	i := 0
	var v uint64
	overflow := false
	for ; i < len(body); i++ {
		d := hexVal(body[i])
		if d < 0 || d >= base {
			if base == 8 && d >= 8 && d <= 9 {
				ev.fail(t, "invalid digit \"%c\" in octal constant", body[i])
				return value{}
			}
			break
		}
		if v > (^uint64(0)-uint64(d))/uint64(base) {
			overflow = true
		}
		v = v*uint64(base) + uint64(d)
	}
	if i == 0 && base != 8 {
		ev.fail(t, "invalid suffix \"%s\" on integer constant", body)
		return value{}
	}
	suffix := body[i:]
	unsigned := false
	switch strings.ToLower(suffix) {
	case "", "l", "ll":
	case "u", "ul", "lu", "ull", "llu":
		unsigned = true
	default:
		ev.fail(t, "invalid suffix \"%s\" on integer constant", suffix)
		return value{}
	}
	if strings.Contains(suffix, "lL") || strings.Contains(suffix, "Ll") {
		ev.fail(t, "invalid suffix \"%s\" on integer constant", suffix)
		return value{}
	}
	if overflow {
		ev.p.warnAt(t, "integer constant is too large for its type")
	}
	if !unsigned && v > 1<<63-1 {
		if base == 10 {
			ev.p.warnAt(t, "integer constant is so large that it is unsigned")
		}
		unsigned = true
	}
	return value{v: v, unsigned: unsigned}
}

// char evaluates a character constant as gcc does for x86-64: an int; a
// plain single character is a (signed) char, several are packed
// big-endian into the int; L'x' is a wchar_t (int), u'x' and U'x' unsigned.
func (ev *evaluator) char(t *tok) value {
	s := t.text
	q := strings.IndexByte(s, '\'')
	prefix, body := s[:q], s[q+1:len(s)-1]
	var chars []uint32
	for i := 0; i < len(body); {
		if body[i] == '\\' && i+1 < len(body) {
			v, n := escape(body[i+1:])
			chars = append(chars, v)
			i += 1 + n
			continue
		}
		if prefix != "" {
			r, n := utf8.DecodeRuneInString(body[i:])
			chars = append(chars, uint32(r))
			i += n
			continue
		}
		chars = append(chars, uint32(body[i]))
		i++
	}
	if len(chars) == 0 {
		ev.fail(t, "empty character constant")
		return value{}
	}
	switch prefix {
	case "u", "U", "u8":
		if len(chars) > 1 {
			ev.p.warnAt(t, "character constant too long for its type")
		}
		return value{v: uint64(chars[len(chars)-1]), unsigned: prefix != "u8"}
	case "L":
		if len(chars) > 1 {
			ev.p.warnAt(t, "character constant too long for its type")
		}
		return value{v: uint64(int64(int32(chars[len(chars)-1])))}
	}
	if len(chars) == 1 {
		return value{v: uint64(int64(int8(chars[0])))}
	}
	if len(chars) > 4 {
		ev.p.warnAt(t, "character constant too long for its type")
	} else {
		ev.p.warnAt(t, "multi-character character constant [-Wmultichar]")
	}
	var v uint32
	for _, c := range chars {
		v = v<<8 | c&0xff
	}
	return value{v: uint64(int64(int32(v)))}
}
