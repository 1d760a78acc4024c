// This file implements the program structure as a participle grammar: a
// program is a sequence of control lines, declarations and probe clauses;
// a clause is descriptions, an optional predicate and an action block.
// Expressions, statements and declarations are parsed by hand (parser.go)
// and plugged in with participle.ParseTypeWith.

package parser

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/godtrace/godtrace/dlang/ast"
)

type gProgram struct {
	Items []*gItem `parser:"@@* EOF"`
}

type gItem struct {
	Pragma *lexer.Token `parser:"  @PRAGMA"`
	Decl   ast.Decl     `parser:"| @@"`
	Clause *gClause     `parser:"| @@"`
}

type gDesc struct {
	Tok lexer.Token `parser:"@PSPEC"`
}

type gClause struct {
	Descs []*gDesc    `parser:"@@ ( COMMA @@ )*"`
	Slash lexer.Token `parser:"( @QUO"`
	Pred  ast.Expr    `parser:"  @@ EPRED )?"`
	Body  ast.Stmt    `parser:"@@?"`
}

// build returns a participle parser whose hand-written parts call p.
// Building costs tens of microseconds, so it is done per parse: the custom
// functions need the per-parse state and participle passes them only the
// token stream.
func (p *parser) build() (*participle.Parser[gProgram], error) {
	return participle.Build[gProgram](
		participle.Lexer(lexDef{p}),
		participle.ParseTypeWith(p.customDecl),
		participle.ParseTypeWith(p.customExpr),
		participle.ParseTypeWith(p.customBody),
		participle.UseLookahead(0),
	)
}

// The custom productions. Each either declines without consuming anything
// (participle.NextMatch) or parses its construct completely; a syntax error
// inside bails out of the whole parse (see interface.go), because DTrace
// stops at the first syntax error.

func (p *parser) customDecl(lx *lexer.PeekingLexer) (ast.Decl, error) {
	p.lx = lx
	if !p.startsDecl() {
		return nil, participle.NextMatch
	}
	return p.parseDecl(), nil
}

func (p *parser) customExpr(lx *lexer.PeekingLexer) (ast.Expr, error) {
	p.lx = lx
	return p.parseExpr(), nil
}

func (p *parser) customBody(lx *lexer.PeekingLexer) (ast.Stmt, error) {
	p.lx = lx
	if p.tok() != tokLBRACE {
		return nil, participle.NextMatch
	}
	return p.parseBlock(), nil
}
