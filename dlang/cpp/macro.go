// This file implements macros: #define, and expansion by Prosser's
// algorithm (every token carries the set of macros that must not expand
// it), with # stringizing, ## pasting, variadic macros and gcc's ", ##
// __VA_ARGS__".

package cpp

import (
	"fmt"
	"strconv"
	"strings"
)

// macro is one definition.
type macro struct {
	name     string
	funcLike bool
	params   []string // for a variadic macro the last is its name (__VA_ARGS__ or gcc's "args...")
	variadic bool
	body     []*tok
	file     string // where defined, for the note of a redefinition
	line     int
	// builtin computes the expansion of __FILE__, __LINE__ and the like.
	builtin func(e *expander, name *tok) *tok
}

func (m *macro) param(t *tok) int {
	if !m.funcLike || t.kind != kIdent {
		return -1
	}
	for i, p := range m.params {
		if p == t.text {
			return i
		}
	}
	return -1
}

// sameAs reports whether two definitions are the same (C11 6.10.3p2: then
// redefining is no error).
func (m *macro) sameAs(o *macro) bool {
	if m.funcLike != o.funcLike || m.variadic != o.variadic || len(m.params) != len(o.params) || len(m.body) != len(o.body) {
		return false
	}
	for i := range m.params {
		if m.params[i] != o.params[i] {
			return false
		}
	}
	for i := range m.body {
		a, b := m.body[i], o.body[i]
		if a.text != b.text || i > 0 && a.space != b.space {
			return false
		}
	}
	return true
}

// hideset is a set of macro names (a short list).
type hideset struct {
	name string
	next *hideset
}

func (h *hideset) has(name string) bool {
	for ; h != nil; h = h.next {
		if h.name == name {
			return true
		}
	}
	return false
}

func (h *hideset) add(name string) *hideset {
	if h.has(name) {
		return h
	}
	return &hideset{name: name, next: h}
}

func (h *hideset) union(o *hideset) *hideset {
	for ; o != nil; o = o.next {
		h = h.add(o.name)
	}
	return h
}

func (h *hideset) intersect(o *hideset) *hideset {
	var r *hideset
	for ; h != nil; h = h.next {
		if o.has(h.name) {
			r = &hideset{name: h.name, next: r}
		}
	}
	return r
}

// define runs #define; args are the tokens after "define".
func (p *pp) define(nt *tok, args []*tok, file string, line int) {
	name, ok := p.macroName(nt, args)
	if !ok {
		return
	}
	m := &macro{name: name, file: file, line: line}
	rest := args[1:]
	if len(rest) > 0 && rest[0].isPunct("(") && !rest[0].space {
		m.funcLike = true
		i, ok := p.params(m, rest)
		if !ok {
			return
		}
		rest = rest[i:]
	} else if len(rest) > 0 && !rest[0].space && file != commandLine {
		p.warnAt(rest[0], "missing whitespace after the macro name")
	}
	for _, t := range rest {
		c := copyTok(t)
		c.src, c.bol, c.indent, c.pname = nil, false, "", ""
		m.body = append(m.body, c)
	}
	if len(m.body) > 0 {
		m.body[0].space = false
		if m.body[0].isPunct("##") {
			p.errorAt(rest[0], "'##' cannot appear at either end of a macro expansion")
			return
		}
		if last := m.body[len(m.body)-1]; last.isPunct("##") || last.isPunct("%:%:") {
			p.errorAt(rest[len(rest)-1], "'##' cannot appear at either end of a macro expansion")
			return
		}
	}
	for i, t := range m.body {
		if m.funcLike && (t.isPunct("#") || t.isPunct("%:")) && (i+1 >= len(m.body) || m.param(m.body[i+1]) < 0) {
			p.errorAt(rest[i], "'#' is not followed by a macro parameter")
			return
		}
		if t.is(kIdent, "__VA_ARGS__") && !(m.variadic && m.params[len(m.params)-1] == "__VA_ARGS__") {
			p.warnAt(rest[i], "__VA_ARGS__ can only appear in the expansion of a C99 variadic macro")
		}
	}
	if old := p.macros[name]; old != nil {
		if old.builtin != nil {
			p.warnAt(args[0], "\"%s\" redefined", name)
		} else if !old.sameAs(m) {
			p.warnAt(args[0], "\"%s\" redefined", name)
			p.diag(Note, old.file, old.line, "this is the location of the previous definition")
		}
	}
	p.macros[name] = m
}

// params parses a function-like macro's parameter list, from its '(', and
// returns the index of the token after its ')'.
func (p *pp) params(m *macro, toks []*tok) (int, bool) {
	i := 1
	if i < len(toks) && toks[i].isPunct(")") {
		return i + 1, true
	}
	for {
		if i >= len(toks) {
			p.errorAt(toks[i-1], "expected ')' before end of line")
			return 0, false
		}
		t := toks[i]
		switch {
		case t.isPunct("..."):
			m.params = append(m.params, "__VA_ARGS__")
			m.variadic = true
			i++
			if i >= len(toks) || !toks[i].isPunct(")") {
				p.errorAt(toks[i-1], "expected ')' after \"...\"")
				return 0, false
			}
			return i + 1, true
		case t.kind == kIdent:
			if t.text == "__VA_ARGS__" {
				p.errorAt(t, "__VA_ARGS__ can not be used as a parameter name")
				return 0, false
			}
			for _, q := range m.params {
				if q == t.text {
					p.errorAt(t, "duplicate macro parameter \"%s\"", t.text)
					return 0, false
				}
			}
			m.params = append(m.params, t.text)
			i++
			if i < len(toks) && toks[i].isPunct("...") {
				m.variadic = true
				i++
				if i >= len(toks) || !toks[i].isPunct(")") {
					p.errorAt(toks[i-1], "expected ')' after \"...\"")
					return 0, false
				}
				return i + 1, true
			}
		default:
			p.errorAt(t, "expected parameter name, found \"%s\"", t.text)
			return 0, false
		}
		if i >= len(toks) {
			p.errorAt(toks[i-1], "expected ')' before end of line")
			return 0, false
		}
		switch t := toks[i]; {
		case t.isPunct(")"):
			return i + 1, true
		case t.isPunct(","):
			i++
		default:
			p.errorAt(t, "expected ',' or ')', found \"%s\"", t.text)
			return 0, false
		}
	}
}

// builtins defines the macros the preprocessor computes.
func (p *pp) builtins() {
	def := func(name string, f func(e *expander, t *tok) *tok) {
		p.macros[name] = &macro{name: name, builtin: f, file: "<built-in>"}
	}
	def("__FILE__", func(e *expander, t *tok) *tok {
		name := ""
		if f := p.cur(); f != nil {
			name = f.pname
		}
		return e.made(t, kString, quote(name))
	})
	def("__BASE_FILE__", func(e *expander, t *tok) *tok { return e.made(t, kString, quote(p.base)) })
	def("__LINE__", func(e *expander, t *tok) *tok { return e.made(t, kNumber, strconv.Itoa(t.pline)) })
	def("__COUNTER__", func(e *expander, t *tok) *tok {
		p.counter++
		return e.made(t, kNumber, strconv.Itoa(p.counter-1))
	})
	def("__INCLUDE_LEVEL__", func(e *expander, t *tok) *tok {
		return e.made(t, kNumber, strconv.Itoa(max(len(p.files)-1, 0)))
	})
	def("__DATE__", func(e *expander, t *tok) *tok {
		return e.made(t, kString, fmt.Sprintf("\"%s %2d %d\"", p.now.Format("Jan"), p.now.Day(), p.now.Year()))
	})
	def("__TIME__", func(e *expander, t *tok) *tok { return e.made(t, kString, p.now.Format(`"15:04:05"`)) })
	// Known to "defined"; an operator of #if (expr.go), else left alone.
	def("__has_include", func(e *expander, t *tok) *tok { return t })
}

// quote returns s as a string literal.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range []byte(s) {
		if c == '"' || c == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	b.WriteByte('"')
	return b.String()
}

// frame is a list of tokens being read: a file's, or a macro's expansion.
type frame struct {
	toks []*tok
	i    int
	file *file // set for a file's tokens (ending in kEOF)
}

// expander reads tokens from a stack of frames and expands macros. The
// main expander reads the files (and runs their directives); others expand
// a list of tokens (a macro argument, the operands of #if, #include and
// #line) to its end.
type expander struct {
	p      *pp
	frames []*frame
	ifMode bool // in #if: "defined" and "__has_include" are operators
	bad    bool // an error was reported (in #if: the result is false)
}

var eofTok = &tok{kind: kEOF}

// next returns the next token without expanding it. At the end of a file
// it returns kEOF when inArgs (a macro invocation cannot span files), else
// it goes on in the includer.
func (e *expander) next(inArgs bool) *tok {
	p := e.p
	for len(e.frames) > 0 {
		if p.fatal {
			return eofTok
		}
		fr := e.frames[len(e.frames)-1]
		if fr.i >= len(fr.toks) || fr.toks[fr.i].kind == kEOF {
			if fr.file != nil {
				if inArgs {
					return eofTok
				}
				p.endFile(fr.file)
			}
			e.frames = e.frames[:len(e.frames)-1]
			continue
		}
		t := fr.toks[fr.i]
		if fr.file != nil {
			if t.bol && (t.isPunct("#") || t.isPunct("%:")) {
				j := fr.i + 1
				for j < len(fr.toks) && !fr.toks[j].bol && fr.toks[j].kind != kEOF {
					j++
				}
				line := fr.toks[fr.i:j]
				fr.i = j
				p.directive(fr, line)
				continue
			}
			t.pname, t.pline = fr.file.pname, fr.file.presumed(t.line)
		}
		fr.i++
		return t
	}
	return eofTok
}

// peekParen reports whether the next token is '(' (for a function-like
// macro name): it looks past the end of expansions, not past a file's end
// or a directive.
func (e *expander) peekParen() bool {
	for k := len(e.frames) - 1; k >= 0; k-- {
		fr := e.frames[k]
		if fr.i < len(fr.toks) && fr.toks[fr.i].kind != kEOF {
			t := fr.toks[fr.i]
			if fr.file != nil && t.bol && (t.isPunct("#") || t.isPunct("%:")) {
				return false
			}
			return t.isPunct("(")
		}
		if fr.file != nil {
			return false
		}
	}
	return false
}

// push makes toks the next tokens to read.
func (e *expander) push(toks []*tok) {
	if len(toks) > 0 {
		e.frames = append(e.frames, &frame{toks: toks})
	}
}

// made returns a new token standing where t stands.
func (e *expander) made(t *tok, kd kind, text string) *tok {
	return &tok{kind: kd, text: text, space: t.space, bol: t.bol, indent: t.indent, pname: t.pname, pline: t.pline, hide: t.hide}
}

// expand returns the next token after macro expansion.
func (e *expander) expand() *tok {
	p := e.p
	for {
		t := e.next(false)
		if t.kind != kIdent {
			return t
		}
		if e.ifMode {
			switch t.text {
			case "defined":
				return e.defined(t)
			case "__has_include", "__has_include_next":
				return e.hasInclude(t)
			}
		}
		m := p.macros[t.text]
		if m == nil || t.hide.has(m.name) {
			return t
		}
		if m.builtin != nil {
			return m.builtin(e, t)
		}
		if !m.funcLike {
			e.push(e.subst(m, t, nil, t.hide.add(m.name)))
			continue
		}
		if !e.peekParen() {
			return t
		}
		args, rparen, ok := e.args(m, t)
		if !ok {
			continue
		}
		e.push(e.subst(m, t, args, t.hide.intersect(rparen.hide).add(m.name)))
	}
}

// args reads the arguments of an invocation of m, from its '('.
func (e *expander) args(m *macro, name *tok) ([][]*tok, *tok, bool) {
	e.next(true) // '('
	var args [][]*tok
	var cur []*tok
	depth := 0
	last := name
	for {
		t := e.next(true)
		if t.kind == kEOF {
			e.p.errorAt(last, "unterminated argument list invoking macro \"%s\"", m.name)
			e.bad = true
			return nil, nil, false
		}
		last = t
		if t.bol {
			// A newline in the arguments is white space.
			t = copyTok(t)
			t.bol, t.space, t.indent = false, true, ""
		}
		switch {
		case t.isPunct("("):
			depth++
		case t.isPunct(")"):
			if depth == 0 {
				args = append(args, cur)
				return e.checkArgs(m, name, args, t)
			}
			depth--
		case t.isPunct(",") && depth == 0 && !(m.variadic && len(args) == len(m.params)-1):
			args = append(args, cur)
			cur = nil
			continue
		}
		cur = append(cur, t)
	}
}

func (e *expander) checkArgs(m *macro, name *tok, args [][]*tok, rparen *tok) ([][]*tok, *tok, bool) {
	n := len(m.params)
	if n == 0 && len(args) == 1 && len(args[0]) == 0 {
		return nil, rparen, true
	}
	if len(args) < n {
		if m.variadic && len(args) == n-1 {
			return append(args, absent), rparen, true
		}
		e.p.errorAt(name, "macro \"%s\" requires %d arguments, but only %d given", m.name, n, len(args))
		e.p.diag(Note, m.file, m.line, "macro \"%s\" defined here", m.name)
		e.bad = true
		return nil, nil, false
	}
	if len(args) > n {
		e.p.errorAt(name, "macro \"%s\" passed %d arguments, but takes just %d", m.name, len(args), n)
		e.p.diag(Note, m.file, m.line, "macro \"%s\" defined here", m.name)
		e.bad = true
		return nil, nil, false
	}
	return args, rparen, true
}

// absent is the variable argument of an invocation that gives none (as
// opposed to an empty one): gcc's ", ## __VA_ARGS__" then drops the comma.
var absent = []*tok{}

// placemarker stands for an empty argument next to ## (C11 6.10.3.3).
var placemarker = &tok{kind: kOther}

// subst returns the replacement of an invocation of m by the token name:
// its body with parameters replaced, # and ## applied, every token standing
// where name stands and hidden from the macros of hs.
func (e *expander) subst(m *macro, name *tok, args [][]*tok, hs *hideset) []*tok {
	var out []*tok
	expanded := make([][]*tok, len(args))
	body := m.body
	for i := 0; i < len(body); i++ {
		b := body[i]
		if m.funcLike && (b.isPunct("#") || b.isPunct("%:")) && i+1 < len(body) && m.param(body[i+1]) >= 0 {
			s := &tok{kind: kString, text: stringize(args[m.param(body[i+1])]), space: b.space}
			out = append(out, s)
			i++
			continue
		}
		if b.isPunct("##") || b.isPunct("%:%:") {
			i++
			r := body[i]
			var rhs []*tok
			if k := m.param(r); k >= 0 {
				// gcc: ", ## __VA_ARGS__" drops the comma when the
				// variable arguments are empty.
				if m.variadic && k == len(m.params)-1 && len(out) > 0 && out[len(out)-1].isPunct(",") {
					if isAbsent(args[k]) {
						out = out[:len(out)-1]
					} else {
						out = append(out, spaced(args[k], r.space)...)
					}
					continue
				}
				rhs = spaced(args[k], r.space)
			} else {
				rhs = []*tok{r}
			}
			if len(rhs) == 0 {
				continue // lhs ## placemarker is lhs
			}
			if len(out) == 0 || out[len(out)-1] == placemarker {
				if len(out) > 0 {
					out = out[:len(out)-1]
				}
				out = append(out, rhs...)
				continue
			}
			lhs := out[len(out)-1]
			out = append(out[:len(out)-1], e.paste(name, lhs, rhs[0])...)
			out = append(out, rhs[1:]...)
			continue
		}
		if k := m.param(b); k >= 0 {
			raw := i+1 < len(body) && (body[i+1].isPunct("##") || body[i+1].isPunct("%:%:"))
			if raw {
				if len(args[k]) == 0 {
					out = append(out, placemarker)
				} else {
					out = append(out, spaced(args[k], b.space)...)
				}
				continue
			}
			if expanded[k] == nil {
				expanded[k] = e.p.expandList(args[k], e.ifMode)
				if expanded[k] == nil {
					expanded[k] = []*tok{}
				}
			}
			out = append(out, spaced(expanded[k], b.space)...)
			continue
		}
		out = append(out, b)
	}
	res := make([]*tok, 0, len(out))
	for _, t := range out {
		if t == placemarker {
			continue
		}
		c := copyTok(t)
		c.src, c.bol, c.indent = nil, false, ""
		c.pname, c.pline = name.pname, name.pline
		c.hide = c.hide.union(hs)
		res = append(res, c)
	}
	if len(res) > 0 {
		res[0].space, res[0].bol, res[0].indent = name.space, name.bol, name.indent
	}
	e.p.ntoks += len(res)
	if e.p.ntoks > e.p.maxToks {
		e.p.diag(Fatal, name.pname, name.pline, "macro expansion produced more than %d tokens", e.p.maxToks)
	}
	return res
}

func isAbsent(arg []*tok) bool { return len(arg) == 0 && cap(arg) == 0 && arg != nil }

// spaced returns toks with the first token's white space set to space.
func spaced(toks []*tok, space bool) []*tok {
	if len(toks) == 0 {
		return nil
	}
	out := append([]*tok(nil), toks...)
	if out[0].space != space {
		out[0] = copyTok(out[0])
		out[0].space = space
	}
	return out
}

// stringize spells an argument as a string literal (the # operator).
func stringize(arg []*tok) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, t := range arg {
		if i > 0 && t.space {
			b.WriteByte(' ')
		}
		if t.kind == kString || t.kind == kChar {
			for _, c := range []byte(t.text) {
				if c == '"' || c == '\\' {
					b.WriteByte('\\')
				}
				b.WriteByte(c)
			}
		} else {
			b.WriteString(t.text)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// paste joins two tokens (the ## operator); when their spelling is not one
// token it is an error and both are kept.
func (e *expander) paste(name, l, r *tok) []*tok {
	text := l.text + r.text
	toks := lexString("", text)
	if len(toks) == 1 && toks[0].text == text {
		t := toks[0]
		t.src, t.space, t.hide = nil, l.space, l.hide
		return []*tok{t}
	}
	e.p.errorAt(name, "pasting \"%s\" and \"%s\" does not give a valid preprocessing token", l.text, r.text)
	return []*tok{l, r}
}

// expandList returns toks fully macro-expanded, on their own: an
// invocation cannot take tokens after them.
func (p *pp) expandList(toks []*tok, ifMode bool) []*tok {
	e := &expander{p: p, ifMode: ifMode}
	return e.all(toks)
}

func (e *expander) all(toks []*tok) []*tok {
	e.frames = []*frame{{toks: toks}}
	var out []*tok
	for {
		t := e.expand()
		if t.kind == kEOF {
			return out
		}
		out = append(out, t)
	}
}
