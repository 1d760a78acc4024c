// This file implements the program structure as a participle grammar: a
// program is a sequence of control lines, declarations and probe clauses;
// a clause is descriptions, an optional predicate and an optional action
// block. Declarations, predicates and action blocks arrive as group tokens
// (lexer.go) and are parsed by hand (parser.go) through the custom
// productions registered with participle.ParseTypeWith.

package parser

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/token"
)

type gProgram struct {
	Items []*gItem `parser:"@@* EOF"`
}

type gItem struct {
	Clause *gClause `parser:"  @@"`
	Decl   ast.Decl `parser:"| @@"`
	Pragma ast.Node `parser:"| @@"`
}

type gClause struct {
	// Pos.Line is the buffer index of the first description; the others
	// follow, each after a comma (and maybe control lines).
	Pos   lexer.Position
	Descs []string `parser:"@PSPEC ( COMMA @PSPEC )*"`
	Pred  ast.Expr `parser:"@@?"`
	Body  ast.Stmt `parser:"@@?"`
}

// build returns a participle parser whose custom productions call p.
// Building takes about 40 µs (measured while choosing the driver), so it
// is done per parse: the custom functions need the per-parse state, and
// participle passes them only the token stream.
func (p *parser) build() (*participle.Parser[gProgram], error) {
	return participle.Build[gProgram](
		participle.Lexer(lexDef{p}),
		participle.ParseTypeWith(p.customDecl),
		participle.ParseTypeWith(p.customPred),
		participle.ParseTypeWith(p.customBody),
		participle.ParseTypeWith(p.customPragma),
		participle.UseLookahead(0),
	)
}

// The custom productions. Each declines (participle.NextMatch) unless the
// next token is its group, and then parses the whole group by hand. A
// syntax error bails out of the whole parse (interface.go), because DTrace
// stops at the first syntax error.

func (p *parser) customDecl(lx *lexer.PeekingLexer) (ast.Decl, error) {
	if !p.enter(lx, lexType(tokDECL)) {
		return nil, participle.NextMatch
	}
	d := p.parseDecl()
	p.leave(lx)
	p.endItem()
	return d, nil
}

func (p *parser) customPred(lx *lexer.PeekingLexer) (ast.Expr, error) {
	if !p.enter(lx, lexType(tokPRED)) {
		return nil, participle.NextMatch
	}
	p.checkDescsBefore(p.i)
	slash := p.next().pos // the opening '/'
	x := p.parseExpr()
	p.slashes[x] = slash
	p.pendingPred = x
	if p.tok() != token.EPRED {
		p.syntaxError()
	}
	p.next()
	p.leave(lx)
	return x, nil
}

func (p *parser) customBody(lx *lexer.PeekingLexer) (ast.Stmt, error) {
	pred := p.pendingPred
	p.pendingPred = nil
	p.flushDeferred(lx.Peek().Pos.Line)
	defer p.endItem()
	if !p.enter(lx, lexType(tokBODY)) {
		// The clause ends here without actions: apply DTrace's rules now,
		// before participle looks at the next item, as the hand driver
		// does (finishClause).
		p.i = lx.Peek().Pos.Line
		if pred == nil {
			p.checkDescsBefore(p.i)
		}
		c := &ast.Clause{Pred: pred}
		if pred == nil {
			// The first description of the clause ending here.
			k := p.i - 1
			for k > 0 && p.toks[k].tok != token.PSPEC {
				k--
			}
			for j := k - 1; j >= 0; j-- {
				if t := p.toks[j].tok; t == token.PSPEC {
					k = j
				} else if t != token.COMMA && t != token.PRAGMA {
					break
				}
			}
			c.Probes = []*ast.ProbeDesc{{DescPos: p.toks[k].pos, Text: p.toks[k].lit}}
		}
		p.finishClause(c)
		return nil, participle.NextMatch
	}
	if pred == nil {
		p.checkDescsBefore(p.i)
	}
	b := p.parseBlock()
	p.leave(lx)
	return b, nil
}

func (p *parser) customPragma(lx *lexer.PeekingLexer) (ast.Node, error) {
	t := lx.Peek()
	if t.Type != lexType(token.PRAGMA) {
		return nil, participle.NextMatch
	}
	lx.Next()
	return p.pragma(p.file.Pos(t.Pos.Offset), t.Value), nil
}

// enter positions the hand parser at the start of the group token next in
// lx, if it is of kind kind.
func (p *parser) enter(lx *lexer.PeekingLexer, kind lexer.TokenType) bool {
	t := lx.Peek()
	if t.Type != kind {
		return false
	}
	p.flushDeferred(t.Pos.Line)
	p.i, p.groupEnd = t.Pos.Line, t.Pos.Column
	p.limit = p.groupEnd
	p.inItem = true
	return true
}

// leave checks that the hand parser consumed exactly the group, and
// consumes the group token.
func (p *parser) leave(lx *lexer.PeekingLexer) {
	if p.i < p.groupEnd {
		p.syntaxError()
	}
	lx.Next()
}

// checkDescsBefore validates the probe descriptions that end just before
// buffer index i (a trailing comma allowed): DTrace turns each description
// into a probe description as soon as the token after it is read, so its
// errors come before anything after it.
func (p *parser) checkDescsBefore(i int) {
	prev := func(k int) int { // the index of the last non-PRAGMA token before k, or -1
		for k--; k >= 0 && p.toks[k].tok == token.PRAGMA; k-- {
		}
		return k
	}
	k := prev(i)
	if k >= 0 && p.toks[k].tok == token.COMMA {
		k = prev(k)
	}
	if k < 0 || p.toks[k].tok != token.PSPEC {
		return
	}
	for {
		c := prev(k)
		if c < 0 || p.toks[c].tok != token.COMMA {
			break
		}
		d := prev(c)
		if d < 0 || p.toks[d].tok != token.PSPEC {
			break
		}
		k = d
	}
	for ; k < i; k++ {
		if p.toks[k].tok == token.PSPEC {
			p.probeDesc(&p.toks[k])
		}
	}
}
