// This file implements the hand-written part of the parser: declarations,
// statements, expressions (precedence climbing) and type names.

package parser

import (
	"fmt"
	"strings"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/scanner"
	"github.com/godtrace/godtrace/dlang/token"
)

// bailout is the panic value that unwinds the parse after the first
// syntax error; only parse (interface.go) recovers it.
type bailout struct{}

type parser struct {
	file         *token.File
	src          []byte
	sc           scanner.Scanner
	toks         []tokInfo              // every token scanned, ending with EOF or ILLEGAL
	i            int                    // index of the current token in toks
	groupEnd     int                    // end (exclusive) of the group being parsed
	pending      bool                   // lexer: an EOF was buffered after a group
	slashes      map[ast.Expr]token.Pos // predicate -> its opening '/'
	pendingPred  ast.Expr               // participle driver: the current clause's predicate
	inItem       bool                   // parsing a declaration or clause: next() handles control lines
	limit        int                    // next() handles control lines only before this index
	innerPragmas []*ast.Pragma          // control lines met inside the current item
	itemPragmas  [][]*ast.Pragma        // per finished item, its control lines (appendItem pops them)
	deferred     []int                  // participle driver: buffer indices of swallowed control lines
	opts         Options
	script       bool

	lexErr   *diag.Error // the scanner's first error
	errors   diag.List
	typedefs map[string]bool // typedef names declared so far
	vars     map[string]bool // variables declared so far
	prog     *ast.Program
	depth    int // nesting of expressions and statements
	nodes    nodes
}

// ---------------------------------------------------------------------------
// Token access

// tokInfo is one scanned token, as kept in the parser's token buffer.
type tokInfo struct {
	pos token.Pos
	tok token.Token
	lit string
}

func (p *parser) cur() *tokInfo    { return &p.toks[p.i] }
func (p *parser) tok() token.Token { return p.toks[p.i].tok }
func (p *parser) lit() string      { return p.toks[p.i].lit }
func (p *parser) pos() token.Pos   { return p.toks[p.i].pos }
func tokPos(t *tokInfo) token.Pos  { return t.pos }

// next consumes the current token and returns it. The buffer ends with
// EOF (or ILLEGAL), which is never consumed.
func (p *parser) next() *tokInfo {
	t := &p.toks[p.i]
	if p.i < len(p.toks)-1 {
		p.i++
	}
	if p.inItem {
		// DTrace's lexer acts on a control line wherever it appears; the
		// grammar never sees it.
		for p.toks[p.i].tok == token.PRAGMA && p.i < p.limit {
			p.innerPragma(&p.toks[p.i])
			p.i++
		}
	}
	return t
}

// peek2 returns the kind and text of the token after the current one.
func (p *parser) peek2() (token.Token, string) {
	for j := p.i + 1; j < len(p.toks); j++ {
		if t := &p.toks[j]; t.tok != token.PRAGMA {
			return t.tok, t.lit
		}
	}
	return token.EOF, ""
}

// ---------------------------------------------------------------------------
// Errors

// errorAt records a positioned error and bails out.
func (p *parser) errorAt(pos token.Pos, tag diag.Tag, msg string) {
	p.errors = append(p.errors, &diag.Error{Pos: p.file.Position(pos), Tag: tag, Msg: msg})
	panic(bailout{})
}

// syntaxErrorAt reports DTrace's `syntax error near "TOKEN"` for t (or
// "near end of input"), or the scanner's error if t is where the scanner
// failed.
func (p *parser) syntaxErrorAt(t *tokInfo) {
	if t.tok == token.ILLEGAL && p.lexErr != nil {
		p.errors = append(p.errors, p.lexErr)
		panic(bailout{})
	}
	if t.tok == token.EOF {
		p.errorAt(t.pos, diag.D_SYNTAX, "syntax error near end of input")
	}
	p.errorAt(t.pos, diag.D_SYNTAX, fmt.Sprintf("syntax error near \"%s\"", t.lit))
}

func (p *parser) syntaxError() { p.syntaxErrorAt(p.cur()) }

// expect consumes a token of kind tok or reports a syntax error.
func (p *parser) expect(tok token.Token) token.Pos {
	if p.tok() != tok {
		p.syntaxError()
	}
	pos := p.pos()
	p.next()
	return pos
}

// ---------------------------------------------------------------------------
// Types

// isTypeName reports whether an identifier names a type here.
func (p *parser) isTypeName(name string) bool {
	if p.vars[name] {
		return false
	}
	if scanner.BuiltinTypedefs[name] || p.typedefs[name] {
		return true
	}
	return p.opts.IsType != nil && p.opts.IsType(name)
}

// startsType reports whether the current token can begin a type name.
func (p *parser) startsType() bool {
	t := p.tok()
	if t.IsTypeKeyword() {
		return true
	}
	return t == token.IDENT && p.isTypeName(p.lit())
}

// startsTypeAfterParen reports whether the token after the current '('
// begins a type name (a cast, or sizeof(type)).
func (p *parser) startsTypeAfterParen() bool {
	t, lit := p.peek2()
	if t.IsTypeKeyword() {
		return true
	}
	return t == token.IDENT && p.isTypeName(lit)
}

// looksLikeCast reports, when the caller gave no type knowledge
// (Options.IsType is nil), whether the current '(' starts a cast to a name
// the parser does not know as a type (a kernel typedef such as ipha_t)
// because no expression could have this shape: "(name *...)" or "(name)"
// followed by an operand. With type knowledge, DTrace's rule applies: an
// unknown name is an identifier.
func (p *parser) looksLikeCast() bool {
	if p.opts.IsType != nil {
		return false
	}
	j := p.i + 1
	nextTok := func() token.Token {
		for j < len(p.toks) && p.toks[j].tok == token.PRAGMA {
			j++
		}
		if j >= len(p.toks) {
			return token.EOF
		}
		t := p.toks[j].tok
		j++
		return t
	}
	if nextTok() != token.IDENT || p.vars[p.toks[j-1].lit] {
		return false
	}
	t := nextTok()
	if t == token.MUL {
		for t == token.MUL {
			t = nextTok()
		}
		return t == token.RPAREN
	}
	if t != token.RPAREN {
		return false
	}
	switch nextTok() {
	case token.IDENT, token.INT, token.CHAR, token.STRING, token.MACRO, token.AGG,
		token.SELF, token.THIS, token.SIZEOF, token.STRINGOF, token.OFFSETOF,
		token.XLATE, token.NOT, token.TILDE:
		return true
	}
	return false
}

func splitScope(name string) (module, ident string, scoped bool) {
	if i := strings.LastIndexByte(name, '`'); i >= 0 {
		return name[:i], name[i+1:], true
	}
	return "", name, false
}

// parseSpecifiers parses declaration specifiers: storage classes (only
// when class is non-nil), qualifiers and type specifiers. It returns nil
// if there was no type specifier or qualifier at all.
func (p *parser) parseSpecifiers(class *token.Token, classPos *token.Pos) *ast.TypeSpec {
	spec := &ast.TypeSpec{SpecPos: p.pos()}
	haveType := false
	any := false
	for {
		t := p.tok()
		switch t {
		case token.AUTO, token.REGISTER, token.STATIC, token.EXTERN, token.TYPEDEF, token.SELF, token.THIS:
			if class == nil {
				return p.finishSpec(spec, any)
			}
			if *class != 0 {
				p.errorAt(p.pos(), diag.D_DECL_CLASS, "only one storage class allowed in a declaration")
			}
			*class, *classPos = t, p.pos()
			p.next()
			if !any {
				spec.SpecPos = p.pos()
			}
			continue
		case token.CONST, token.VOLATILE, token.RESTRICT, token.USERLAND:
			spec.Quals = append(spec.Quals, t)
		case token.VOID, token.CHAR_KW, token.SHORT, token.INT_KW, token.LONG, token.FLOAT,
			token.DOUBLE, token.SIGNED, token.UNSIGNED, token.STRING_KW:
			if spec.Kind != 0 || spec.Typedef {
				p.errorAt(p.pos(), diag.D_DECL_COMBO, "invalid type combination")
			}
			spec.Words = append(spec.Words, t.String())
			haveType = true
		case token.STRUCT, token.UNION, token.ENUM:
			if haveType {
				p.errorAt(p.pos(), diag.D_DECL_COMBO, "invalid type combination")
			}
			p.parseTagged(spec)
			haveType, any = true, true
			continue
		case token.IDENT:
			if haveType || !p.isTypeName(p.lit()) {
				return p.finishSpec(spec, any)
			}
			mod, name, _ := splitScope(p.lit())
			spec.Module = mod
			spec.Words = append(spec.Words, name)
			spec.Typedef = true
			haveType = true
		default:
			return p.finishSpec(spec, any)
		}
		any = true
		spec.EndPos = p.pos() + token.Pos(len(p.lit()))
		p.next()
	}
}

func (p *parser) finishSpec(spec *ast.TypeSpec, any bool) *ast.TypeSpec {
	if !any {
		return nil
	}
	return spec
}

// parseTagged parses struct/union/enum [tag] [{ ... }] into spec.
func (p *parser) parseTagged(spec *ast.TypeSpec) {
	spec.Kind = p.tok()
	kwEnd := p.pos() + token.Pos(len(p.lit()))
	p.next()
	spec.EndPos = kwEnd
	if p.tok() == token.IDENT {
		mod, name, _ := splitScope(p.lit())
		spec.Module, spec.Tag = mod, name
		spec.EndPos = p.pos() + token.Pos(len(p.lit()))
		p.next()
	}
	if p.tok() != token.LBRACE {
		if spec.Tag == "" {
			p.syntaxError()
		}
		return
	}
	spec.Body = true
	p.next()
	if spec.Kind == token.ENUM {
		for p.tok() != token.RBRACE {
			if p.tok() != token.IDENT {
				p.syntaxError()
			}
			e := &ast.Enumerator{Name: p.ident()}
			if p.tok() == token.ASSIGN {
				p.next()
				e.Value = p.parseCond()
			}
			spec.Enumerators = append(spec.Enumerators, e)
			if p.tok() != token.COMMA {
				break
			}
			p.next()
		}
	} else {
		for p.tok() != token.RBRACE {
			m := &ast.Member{Spec: p.parseSpecifiers(nil, nil)}
			if m.Spec == nil {
				p.syntaxError()
			}
			for {
				var d *ast.Declarator
				if p.tok() == token.COLON {
					d = &ast.Declarator{StartPos: p.pos()}
				} else {
					d = p.parseDeclarator(false)
				}
				if p.tok() == token.COLON {
					p.next()
					d.BitWidth = p.parseCond()
					d.EndPos = d.BitWidth.End()
				}
				m.Decls = append(m.Decls, d)
				if p.tok() != token.COMMA {
					break
				}
				p.next()
			}
			m.Semi = p.expect(token.SEMI)
			spec.Members = append(spec.Members, m)
		}
	}
	spec.EndPos = p.expect(token.RBRACE) + 1
}

func (p *parser) ident() *ast.Ident {
	if p.tok() != token.IDENT {
		p.syntaxError()
	}
	mod, name, scoped := splitScope(p.lit())
	id := p.nodes.idents.new()
	*id = ast.Ident{NamePos: p.pos(), Name: name, Module: mod, Backquote: scoped}
	p.next()
	return id
}

// parseDeclarator parses pointers, a name (required unless abstract) and
// array dimensions.
func (p *parser) parseDeclarator(abstract bool) *ast.Declarator {
	d := &ast.Declarator{StartPos: p.pos(), EndPos: p.pos()}
	for p.tok() == token.MUL {
		d.Ptrs++
		d.EndPos = p.pos() + 1
		p.next()
		var quals []token.Token
		for t := p.tok(); t == token.CONST || t == token.VOLATILE || t == token.RESTRICT; t = p.tok() {
			quals = append(quals, t)
			d.EndPos = p.pos() + token.Pos(len(p.lit()))
			p.next()
		}
		d.PtrQuals = append(d.PtrQuals, quals)
	}
	if !abstract {
		if p.tok() != token.IDENT {
			p.syntaxError()
		}
		d.Name = p.ident()
		d.EndPos = d.Name.End()
	}
	for p.tok() == token.LBRACK {
		a := &ast.ArrayDim{Lbrack: p.pos()}
		p.next()
		switch {
		case p.tok() == token.RBRACK:
		case p.startsType():
			for {
				a.Keys = append(a.Keys, p.parseTypeName())
				if p.tok() != token.COMMA {
					break
				}
				p.next()
			}
		default:
			a.Size = p.parseCond()
		}
		a.Rbrack = p.expect(token.RBRACK)
		d.Dims = append(d.Dims, a)
		d.EndPos = a.End()
	}
	return d
}

// parseTypeName parses specifiers and an abstract declarator.
func (p *parser) parseTypeName() *ast.TypeName {
	spec := p.parseSpecifiers(nil, nil)
	if spec == nil && p.tok() == token.IDENT {
		// A name looksLikeCast took for a type.
		mod, name, _ := splitScope(p.lit())
		spec = &ast.TypeSpec{SpecPos: p.pos(), EndPos: p.pos() + token.Pos(len(p.lit())),
			Words: []string{name}, Module: mod, Typedef: true}
		p.next()
	}
	if spec == nil {
		p.syntaxError()
	}
	return &ast.TypeName{Spec: spec, Decl: p.parseDeclarator(true)}
}

// ---------------------------------------------------------------------------
// Declarations

// startsDecl reports whether the current token begins a declaration at
// program scope (the scanner returns a PSPEC for anything else).
func (p *parser) startsDecl() bool {
	switch t := p.tok(); t {
	case token.IDENT, token.INLINE, token.TRANSLATOR, token.PROVIDER, token.TYPEDEF,
		token.AUTO, token.REGISTER, token.STATIC, token.EXTERN, token.SELF, token.THIS, token.COUNTER, token.IMPORT:
		return true
	default:
		return t.IsTypeKeyword()
	}
}

func (p *parser) parseDecl() ast.Decl {
	switch p.tok() {
	case token.INLINE:
		return p.parseInline()
	case token.TRANSLATOR:
		return p.parseTranslator()
	case token.PROVIDER, token.COUNTER, token.IMPORT:
		// Provider definitions (USDT) and the unused counter/import
		// keywords are not part of the language godtrace accepts.
		p.syntaxError()
	}
	var class token.Token
	var classPos token.Pos
	spec := p.parseSpecifiers(&class, &classPos)
	if spec == nil {
		p.syntaxError()
	}
	var decls []*ast.Declarator
	if p.tok() != token.SEMI {
		for {
			d := p.parseDeclarator(false)
			decls = append(decls, d)
			if class == token.TYPEDEF {
				p.typedefs[d.Name.Name] = true
				p.prog.Typedefs = append(p.prog.Typedefs, d.Name.Name)
			} else {
				p.vars[d.Name.Name] = true
			}
			if p.tok() != token.COMMA {
				break
			}
			p.next()
		}
	}
	semi := p.expect(token.SEMI)
	if class == token.TYPEDEF {
		return &ast.TypedefDecl{Typedef: classPos, Spec: spec, Decls: decls, Semi: semi}
	}
	return &ast.VarDecl{ClassPos: classPos, Class: class, Spec: spec, Decls: decls, Semi: semi}
}

func (p *parser) parseInline() ast.Decl {
	d := &ast.InlineDecl{Inline: p.pos()}
	p.next()
	d.Spec = p.parseSpecifiers(nil, nil)
	if d.Spec == nil {
		p.syntaxError()
	}
	d.Decl = p.parseDeclarator(false)
	p.vars[d.Decl.Name.Name] = true
	p.expect(token.ASSIGN)
	d.Value = p.parseAssign()
	d.Semi = p.expect(token.SEMI)
	return d
}

func (p *parser) parseTranslator() ast.Decl {
	d := &ast.TranslatorDecl{Translator: p.pos()}
	p.next()
	d.Out = p.parseTypeName()
	p.expect(token.LSS)
	d.In = p.parseTypeName()
	d.InName = p.ident()
	p.expect(token.GTR)
	p.expect(token.LBRACE)
	for p.tok() != token.RBRACE {
		m := &ast.XlatorMember{Name: p.ident()}
		p.expect(token.ASSIGN)
		m.Value = p.parseAssign()
		m.Semi = p.expect(token.SEMI)
		d.Members = append(d.Members, m)
	}
	d.Rbrace = p.expect(token.RBRACE)
	d.Semi = p.expect(token.SEMI)
	return d
}

// ---------------------------------------------------------------------------
// Statements

// parseBlock parses { statement_list }. The last statement's ';' may be
// omitted.
func (p *parser) parseBlock() *ast.Block {
	b := &ast.Block{Lbrace: p.expect(token.LBRACE)}
	for p.tok() != token.RBRACE {
		b.List = append(b.List, p.parseStmt(true))
	}
	b.Rbrace = p.pos()
	p.next()
	return b
}

// parseStmt parses one statement of a statement list, as DTrace's grammar
// has it: ';', "expression ;", or if/else; the list's last expression may
// omit its ';' (lastOK). A braced block is not a statement of its own: it
// appears only as an if or else branch.
func (p *parser) parseStmt(lastOK bool) ast.Stmt {
	p.nest()
	defer func() { p.depth-- }()
	switch p.tok() {
	case token.SEMI:
		s := &ast.EmptyStmt{Semi: p.pos()}
		p.next()
		return s
	case token.IF:
		return p.parseIf()
	case token.LBRACE:
		p.syntaxError()
	}
	x := p.parseExpr()
	s := p.nodes.exprs.new()
	s.X = x
	switch {
	case p.tok() == token.SEMI:
		s.Semi = p.pos()
		p.next()
	case p.tok() == token.RBRACE && lastOK:
	default:
		p.syntaxError()
	}
	return s
}

func (p *parser) parseIf() ast.Stmt {
	s := &ast.IfStmt{If: p.pos()}
	p.next()
	p.expect(token.LPAREN)
	s.Cond = p.parseExpr()
	s.Rparen = p.expect(token.RPAREN)
	s.Then = p.parseIfBranch()
	if p.tok() == token.ELSE {
		p.next()
		s.Else = p.parseIfBranch()
	}
	return s
}

// parseIfBranch parses statement_or_block: a statement, or a braced
// statement list.
func (p *parser) parseIfBranch() ast.Stmt {
	if p.tok() == token.LBRACE {
		p.nest()
		defer func() { p.depth-- }()
		return p.parseBlock()
	}
	return p.parseStmt(false)
}

// ---------------------------------------------------------------------------
// Expressions

// parseExpr parses expression: assignments separated by the comma operator.
func (p *parser) parseExpr() ast.Expr {
	x := p.parseAssign()
	for p.tok() == token.COMMA {
		pos := p.pos()
		p.next()
		y := p.parseAssign()
		b := p.nodes.binaries.new()
		*b = ast.BinaryExpr{X: x, OpPos: pos, Op: token.COMMA, Y: y}
		x = b
	}
	return x
}

// parseAssign parses assignment_expression. As in D's grammar, only a
// unary expression can be assigned to: "a + b = 1" is a syntax error.
func (p *parser) parseAssign() ast.Expr {
	x := p.parseCond()
	if t := p.tok(); t.IsAssignOp() {
		switch x.(type) {
		case *ast.BinaryExpr, *ast.CondExpr, *ast.CastExpr:
			p.syntaxError()
		}
		pos := p.pos()
		p.next()
		p.nest()
		y := p.parseAssign()
		p.depth--
		a := p.nodes.assigns.new()
		*a = ast.AssignExpr{LHS: x, OpPos: pos, Op: t, RHS: y}
		return a
	}
	return x
}

func (p *parser) parseCond() ast.Expr {
	x := p.parseBinary(1)
	if p.tok() != token.QUEST {
		return x
	}
	c := &ast.CondExpr{Cond: x, Question: p.pos()}
	p.next()
	c.Then = p.parseExpr()
	c.Colon = p.expect(token.COLON)
	p.nest()
	c.Else = p.parseCond()
	p.depth--
	return c
}

func (p *parser) parseBinary(prec int) ast.Expr {
	x := p.parseCast()
	for {
		op := p.tok()
		oprec := op.Precedence()
		if oprec < prec {
			return x
		}
		pos := p.pos()
		p.next()
		y := p.parseBinary(oprec + 1)
		b := p.nodes.binaries.new()
		*b = ast.BinaryExpr{X: x, OpPos: pos, Op: op, Y: y}
		x = b
	}
}

// maxDepth bounds the nesting of expressions and statements, as bison's
// parser stack (YYMAXDEPTH 10000) bounds DTrace's.
const maxDepth = 10000

// nest counts one more level of nesting and fails beyond maxDepth; the
// caller undoes it with p.depth--.
func (p *parser) nest() {
	p.depth++
	if p.depth > maxDepth {
		p.errorAt(p.pos(), diag.D_SYNTAX, "memory exhausted")
	}
}

// parseCast parses cast_expression.
func (p *parser) parseCast() ast.Expr {
	p.nest()
	defer func() { p.depth-- }()
	if p.tok() == token.LPAREN && (p.startsTypeAfterParen() || p.looksLikeCast()) {
		c := &ast.CastExpr{Lparen: p.pos()}
		p.next()
		c.Type = p.parseTypeName()
		c.Rparen = p.expect(token.RPAREN)
		c.X = p.parseCast()
		return c
	}
	return p.parseUnary()
}

// parseUnary parses unary_expression.
func (p *parser) parseUnary() ast.Expr {
	p.nest()
	defer func() { p.depth-- }()
	switch t := p.tok(); t {
	case token.INC, token.DEC:
		pos := p.pos()
		p.next()
		u := p.nodes.unaries.new()
		*u = ast.UnaryExpr{OpPos: pos, Op: t, X: p.parseUnary()}
		return u
	case token.AND, token.MUL, token.ADD, token.SUB, token.TILDE, token.NOT:
		pos := p.pos()
		p.next()
		u := p.nodes.unaries.new()
		*u = ast.UnaryExpr{OpPos: pos, Op: t, X: p.parseCast()}
		return u
	case token.SIZEOF:
		s := &ast.SizeofExpr{Sizeof: p.pos()}
		p.next()
		if p.tok() == token.LPAREN && p.startsTypeAfterParen() {
			s.Lparen = p.pos()
			p.next()
			s.Type = p.parseTypeName()
			s.Rparen = p.expect(token.RPAREN)
			return s
		}
		s.X = p.parseUnary()
		return s
	case token.STRINGOF:
		pos := p.pos()
		p.next()
		return &ast.StringofExpr{Stringof: pos, X: p.parseUnary()}
	}
	return p.parsePostfix()
}

func (p *parser) parsePostfix() ast.Expr {
	x := p.parsePrimary()
	for {
		switch t := p.tok(); t {
		case token.LBRACK:
			ix := p.nodes.indexes.new()
			*ix = ast.IndexExpr{X: x, Lbrack: p.pos()}
			p.next()
			ix.Index = p.parseArgs()
			ix.Rbrack = p.expect(token.RBRACK)
			x = ix
		case token.LPAREN:
			c := p.nodes.calls.new()
			*c = ast.CallExpr{Fun: x, Lparen: p.pos()}
			p.next()
			if p.tok() != token.RPAREN {
				c.Args = p.parseArgs()
			}
			c.Rparen = p.expect(token.RPAREN)
			x = c
		case token.PERIOD, token.ARROW:
			pos := p.pos()
			p.next()
			sel := p.nodes.selects.new()
			*sel = ast.SelectorExpr{X: x, OpPos: pos, Op: t, Sel: p.ident()}
			x = sel
		case token.INC, token.DEC:
			x = &ast.PostfixExpr{X: x, OpPos: p.pos(), Op: t}
			p.next()
		default:
			return x
		}
	}
}

// parseArgs parses argument_expression_list (at least one).
func (p *parser) parseArgs() []ast.Expr {
	list := []ast.Expr{p.parseAssign()}
	for p.tok() == token.COMMA {
		p.next()
		list = append(list, p.parseAssign())
	}
	return list
}

func (p *parser) parsePrimary() ast.Expr {
	t := p.cur()
	pos := t.pos
	switch t.tok {
	case token.IDENT:
		return p.ident()
	case token.INT:
		p.next()
		v, err := scanner.ParseInt(t.lit)
		if err != nil { // the scanner has already vetted the literal
			p.syntaxErrorAt(t)
		}
		n := p.nodes.ints.new()
		*n = ast.IntLit{ValuePos: pos, Raw: t.lit, Value: v.Value, Base: v.Base, Suffix: v.Suffix}
		return n
	case token.CHAR:
		p.next()
		return &ast.CharLit{ValuePos: pos, Raw: t.lit, Value: scanner.CharValue(t.lit)}
	case token.STRING:
		p.next()
		n := p.nodes.strs.new()
		*n = ast.StringLit{ValuePos: pos, Raw: t.lit, Value: scanner.StringValue(t.lit)}
		return n
	case token.AGG:
		p.next()
		return &ast.Aggregation{AtPos: pos, Name: t.lit[1:]}
	case token.MACRO:
		p.next()
		name, quoted := t.lit[1:], false
		if strings.HasPrefix(name, "$") {
			name, quoted = name[1:], true
		}
		return &ast.MacroArg{DollarPos: pos, Name: name, Quoted: quoted}
	case token.SELF, token.THIS:
		scope := t.tok
		p.next()
		if p.tok() == token.ARROW {
			if nt, _ := p.peek2(); nt == token.IDENT {
				p.next()
				id := p.ident()
				if id.Backquote {
					p.errorAt(id.Pos(), diag.D_SYNTAX, fmt.Sprintf("syntax error near %q", id.Module+"`"+id.Name))
				}
				v := p.nodes.scoped.new()
				*v = ast.ScopedVar{ScopePos: pos, Scope: scope, Name: id.Name, NamePos: id.NamePos}
				return v
			}
		}
		return &ast.Ident{NamePos: pos, Name: scope.String()}
	case token.LPAREN:
		p.next()
		x := p.parseExpr()
		r := p.expect(token.RPAREN)
		return &ast.ParenExpr{Lparen: pos, X: x, Rparen: r}
	case token.OFFSETOF:
		p.next()
		o := &ast.OffsetofExpr{Offsetof: pos}
		p.expect(token.LPAREN)
		o.Type = p.parseTypeName()
		p.expect(token.COMMA)
		o.Member = p.ident()
		o.Rparen = p.expect(token.RPAREN)
		return o
	case token.XLATE:
		p.next()
		x := &ast.XlateExpr{Xlate: pos}
		p.expect(token.LSS)
		x.Type = p.parseTypeName()
		p.expect(token.GTR)
		p.expect(token.LPAREN)
		x.X = p.parseExpr()
		x.Rparen = p.expect(token.RPAREN)
		return x
	}
	p.syntaxErrorAt(t)
	return nil
}
