// This file implements the parser's entry points, the bailout recovery and
// the conversion of participle's results and errors.

package parser

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/scanner"
	"github.com/godtrace/godtrace/dlang/token"
)

// Options adjust a parse. The zero value is valid.
type Options struct {
	// MacroArgs are the macro arguments $0, $1, ... ($0 is the script or
	// program name). When MacroArgs or MacroVars is non-nil, macro
	// references inside probe descriptions ("pid$target", "syscall::$1:")
	// are substituted, and referencing an undefined one is an error, as
	// in DTrace. Macro references in expressions always stay
	// *ast.MacroArg nodes for the checker.
	MacroArgs []string
	// MacroVars are the macro variables by name without '$' ("target",
	// "pid", "ppid", "uid", ...), as decimal text.
	MacroVars map[string]string
	// IsType, when set, reports whether an identifier names a type
	// beyond D's built-in typedefs and the program's own typedefs (for
	// example a kernel typedef from BTF). It decides whether "(name)x" is
	// a cast and whether an outer-scope word starts a declaration.
	IsType func(name string) bool
	// FileSet, when set, receives the source's File: the positions of
	// the sources of one invocation, parsed into one set, are distinct
	// and the set expands any of them (token.FileSet). Without it the
	// source is a File of its own.
	FileSet *token.FileSet
}

// ParseProgram parses a D script (dtrace -s). Errors are a diag.List
// holding the first error, as DTrace reports only the first one; render
// it with diag.Format(prog, filename, true, ...).
func ParseProgram(filename string, src []byte, opts *Options) (*ast.Program, error) {
	return parse(filename, src, opts, true)
}

// ParseProbeSpec parses the text of a probe specifier given with -n (and
// -P/-m/-f/-i after the caller built the text): the same grammar, but an
// outer-scope word is always a probe description (so "int*" is a glob),
// and a description needs no action. Render errors with
// diag.Format(prog, text, false, ...) ("invalid probe specifier TEXT: ...").
// The specifier's file is named by its text, the name dtrace(1) reports it
// by.
func ParseProbeSpec(text string, opts *Options) (*ast.Program, error) {
	return parse(text, []byte(text), opts, false)
}

func parse(filename string, src []byte, opts *Options, script bool) (*ast.Program, error) {
	return parseWith(filename, src, opts, script, false)
}

// parseWith parses with the hand-written program-structure driver, or with
// the participle grammar when useParticiple is set (the reference the
// tests and the fuzz target compare the driver against; see
// docs/decisions.md for why the driver is the default).
func parseWith(filename string, src []byte, opts *Options, script, useParticiple bool) (prog *ast.Program, err error) {
	var file *token.File
	if opts != nil && opts.FileSet != nil {
		file = opts.FileSet.AddFile(filename, src)
	} else {
		file = token.NewFile(filename, src)
	}
	p := &parser{
		file:     file,
		src:      src,
		script:   script,
		typedefs: map[string]bool{},
		vars:     map[string]bool{},
		slashes:  map[ast.Expr]token.Pos{},
		toks:     make([]tokInfo, 0, len(src)/3+16),
	}
	if opts != nil {
		p.opts = *opts
	}
	p.prog = &ast.Program{File: p.file, EOF: p.file.Pos(len(src))}
	if bytes.HasPrefix(src, []byte("#!")) {
		line := src
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		p.prog.Shebang = strings.TrimRight(string(line), "\r")
	}
	mode := scanner.Mode(0)
	if !script {
		mode = scanner.ProbeSpec
	}
	p.sc.Init(p.file, src, p.scanError, mode)
	p.sc.IsType = p.opts.IsType

	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			prog, err = nil, p.errors
		}
	}()
	if useParticiple {
		pp, err := p.build()
		if err != nil {
			// The grammar is fixed; a build failure is a programming error.
			return nil, fmt.Errorf("parser: building grammar: %w", err)
		}
		g, perr := pp.ParseBytes(filename, src)
		if perr != nil {
			p.translate(perr)
		}
		p.flushDeferred(len(p.toks))
		p.convert(g)
	} else {
		for {
			if i := p.scan(); p.toks[i].tok == token.EOF {
				break
			}
		}
		p.limit = len(p.toks) - 1
		p.parseItems()
	}
	return p.prog, nil
}

// parseItems parses the program structure by hand: the same productions as
// the participle grammar in grammar.go.
func (p *parser) parseItems() {
	for {
		switch t := p.tok(); {
		case t == token.EOF:
			return
		case t == token.PRAGMA:
			pt := p.next()
			p.appendItem(p.pragma(pt.pos, pt.lit))
		case t == token.PSPEC:
			p.inItem = true
			c := p.parseClause()
			p.endItem()
			p.appendItem(c)
		case p.startsDecl():
			p.inItem = true
			d := p.parseDecl()
			p.endItem()
			p.appendItem(d)
		default:
			p.syntaxError()
		}
	}
}

// parseClause parses descriptions, an optional predicate and an optional
// action block.
func (p *parser) parseClause() *ast.Clause {
	c := &ast.Clause{}
	for {
		c.Probes = append(c.Probes, p.probeDesc(p.next()))
		if p.tok() != token.COMMA {
			break
		}
		p.next()
		if p.tok() != token.PSPEC {
			p.syntaxError()
		}
	}
	if p.tok() == token.QUO {
		c.Slash = p.next().pos
		c.Pred = p.parseExpr()
		if p.tok() != token.EPRED {
			p.syntaxError()
		}
		p.next()
	}
	if p.tok() == token.LBRACE {
		c.Body = p.parseBlock()
	}
	p.finishClause(c)
	return c
}

// finishClause applies DTrace's rules for a clause without actions.
func (p *parser) finishClause(c *ast.Clause) {
	if c.Body != nil {
		return
	}
	if p.tok() == token.ILLEGAL {
		// DTrace's lexer fails on the lookahead token before the
		// grammar can reduce the clause.
		p.syntaxError()
	}
	if c.Pred != nil {
		p.errorAt(c.Pred.Pos(), diag.D_SYNTAX, "expected actions { } following probe description and predicate")
	}
	if p.script {
		p.errorAt(c.Probes[0].Pos(), diag.D_SYNTAX, "expected predicate and/or actions following probe description")
	}
	// dtrace -n BEGIN: an empty action list, DTrace's default action.
	end := c.Probes[len(c.Probes)-1].End()
	c.Body = &ast.Block{Lbrace: end, Rbrace: end - 1}
}

func bytesHasPrefix(b []byte, s string) bool {
	return len(b) >= len(s) && string(b[:len(s)]) == s
}

// translate turns a participle error into DTrace's syntax error at the
// offending token and bails out.
func (p *parser) translate(err error) {
	var ute *participle.UnexpectedTokenError
	if errors.As(err, &ute) {
		// The token's Line is its (first) index in the buffer.
		i := ute.Unexpected.Pos.Line
		if i >= 0 && i < len(p.toks) {
			p.flushDeferred(i)
			p.checkDescsBefore(i)
			p.syntaxErrorAt(&p.toks[i])
		}
	}
	p.errorAt(token.NoPos, diag.D_UNKNOWN, "internal parser error: "+err.Error())
}

// convert builds the ast.Program from participle's result.
func (p *parser) convert(g *gProgram) {
	if g == nil {
		return
	}
	for _, it := range g.Items {
		switch {
		case it.Pragma != nil:
			p.appendItem(it.Pragma)
		case it.Decl != nil:
			p.appendItem(it.Decl)
		case it.Clause != nil:
			p.appendItem(p.clause(it.Clause))
		}
	}
}

func (p *parser) clause(g *gClause) *ast.Clause {
	c := &ast.Clause{}
	for k, i := g.Pos.Line, 0; i < len(g.Descs); k++ {
		if p.toks[k].tok == token.PSPEC {
			c.Probes = append(c.Probes, p.probeDesc(&p.toks[k]))
			i++
		}
	}
	if g.Pred != nil {
		c.Slash = p.slashes[g.Pred]
		c.Pred = g.Pred
	}
	if g.Body == nil {
		p.finishClause(c)
		return c
	}
	c.Body = g.Body.(*ast.Block)
	return c
}

// innerPragma acts on a control line met inside a declaration or clause.
func (p *parser) innerPragma(t *tokInfo) {
	p.innerPragmas = append(p.innerPragmas, p.pragma(t.pos, t.lit))
}

// endItem closes the current declaration or clause: its control lines are
// queued for appendItem.
func (p *parser) endItem() {
	p.inItem = false
	p.itemPragmas = append(p.itemPragmas, p.innerPragmas)
	p.innerPragmas = nil
}

// appendItem adds a pragma, declaration or clause to the program. The
// control lines met inside a declaration or clause are listed before it,
// or after it if they follow its last token.
func (p *parser) appendItem(n ast.Node) {
	var inner []*ast.Pragma
	switch n.(type) {
	case ast.Decl, *ast.Clause:
		if len(p.itemPragmas) > 0 {
			inner, p.itemPragmas = p.itemPragmas[0], p.itemPragmas[1:]
		}
	}
	i := 0
	for ; i < len(inner) && inner[i].Pos() < n.End(); i++ {
		p.addItem(inner[i])
	}
	p.addItem(n)
	for ; i < len(inner); i++ {
		p.addItem(inner[i])
	}
}

func (p *parser) addItem(n ast.Node) {
	switch n := n.(type) {
	case *ast.Pragma:
		p.prog.Pragmas = append(p.prog.Pragmas, n)
	case *ast.Clause:
		p.prog.Clauses = append(p.prog.Clauses, n)
	case ast.Decl:
		p.prog.Decls = append(p.prog.Decls, n)
	}
	p.prog.Items = append(p.prog.Items, n)
}

// flushDeferred acts on the control lines the participle lexer adapter
// swallowed before buffer index upto (see lexer.go), in order.
func (p *parser) flushDeferred(upto int) {
	for len(p.deferred) > 0 && p.deferred[0] < upto {
		i := p.deferred[0]
		p.deferred = p.deferred[1:]
		p.innerPragma(&p.toks[i])
	}
}

// probeDesc builds a ProbeDesc from a PSPEC token as DTrace's
// dtrace_xstr2desc does: the text is split at every ':' (no escapes) and
// the fields are assigned right to left (name, function, module,
// provider). When the caller supplied macro values, the first '$' of each
// field starts a macro reference: $N (digits, then more text) takes
// argument N, $$N likewise, $name (the rest of the field) a macro variable.
func (p *parser) probeDesc(t *tokInfo) *ast.ProbeDesc {
	d := p.nodes.descs.new()
	*d = ast.ProbeDesc{DescPos: t.pos, Text: t.lit}
	fields := strings.Split(t.lit, ":")
	subst := p.opts.MacroArgs != nil || p.opts.MacroVars != nil
	all := [4]*string{&d.Name, &d.Function, &d.Module, &d.Provider}
	for i := 0; i < len(fields); i++ {
		f := fields[len(fields)-1-i]
		if subst {
			var ok bool
			if f, ok = p.substField(f); !ok {
				p.errorAt(t.pos, diag.D_PDESC_INVAL, fmt.Sprintf("invalid probe description \"%s\": Undefined macro variable in probe description", t.lit))
			}
		}
		if i >= len(all) {
			p.errorAt(t.pos, diag.D_PDESC_INVAL, fmt.Sprintf("invalid probe description \"%s\": Overspecified probe description", t.lit))
		}
		*all[i] = f
	}
	return d
}

// substField substitutes the macro reference in one description field.
func (p *parser) substField(f string) (string, bool) {
	k := strings.IndexByte(f, '$')
	if k < 0 {
		return f, true
	}
	prefix, v := f[:k], f[k:]
	if len(v) > 2 && v[1] == '$' {
		v = v[1:]
	}
	switch {
	case len(v) > 1 && v[1] >= '0' && v[1] <= '9':
		j := 1
		n := 0
		for j < len(v) && v[j] >= '0' && v[j] <= '9' {
			if n < 1<<30 {
				n = n*10 + int(v[j]-'0')
			}
			j++
		}
		if n >= len(p.opts.MacroArgs) {
			return "", false
		}
		return prefix + p.opts.MacroArgs[n] + v[j:], true
	case len(v) > 1:
		val, ok := p.opts.MacroVars[v[1:]]
		if !ok {
			return "", false
		}
		return prefix + val, true
	}
	return "", false
}
