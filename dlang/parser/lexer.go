// This file implements the adapter that feeds the D scanner's tokens to
// participle (its lexer.Definition and lexer.Lexer interfaces).

package parser

import (
	"bytes"
	"io"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/token"
)

// lexType converts a D token kind to participle's token type; participle
// reserves -1 for end of input.
func lexType(tok token.Token) lexer.TokenType {
	if tok == token.EOF {
		return lexer.EOF
	}
	return lexer.TokenType(tok)
}

// dTok converts back.
func dTok(t lexer.TokenType) token.Token {
	if t == lexer.EOF {
		return token.EOF
	}
	return token.Token(t)
}

// symbols names the token types the participle grammar refers to.
var symbols = map[string]lexer.TokenType{
	"EOF":    lexer.EOF,
	"PSPEC":  lexType(token.PSPEC),
	"PRAGMA": lexType(token.PRAGMA),
	"EPRED":  lexType(token.EPRED),
	"QUO":    lexType(token.QUO),
	"COMMA":  lexType(token.COMMA),
	"LBRACE": lexType(token.LBRACE),
	"INT":    lexType(token.INT),
}

// lexDef is a participle lexer.Definition for one parse: it scans with the
// parser's Scanner and keeps the scanner's error for the ILLEGAL token it
// produces, so the parser can report it when (and only if) it gets there,
// as DTrace's streaming lexer would.
type lexDef struct {
	p *parser
}

func (d lexDef) Symbols() map[string]lexer.TokenType { return symbols }

func (d lexDef) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, err
	}
	return d.LexBytes(filename, buf.Bytes())
}

func (d lexDef) LexBytes(filename string, src []byte) (lexer.Lexer, error) {
	return &lexAdapter{p: d.p}, nil
}

type lexAdapter struct {
	p *parser
}

func (l *lexAdapter) Next() (lexer.Token, error) {
	p := l.p
	pos, tok, lit := p.sc.Scan()
	off := pos.Offset()
	if tok == token.ILLEGAL && p.lexErr == nil {
		// The scanner reported through p.scanError; keep its position.
		p.lexErr = &diag.Error{Pos: p.file.Position(pos), Tag: diag.D_SYNTAX, Msg: "syntax error"}
	}
	return lexer.Token{Type: lexType(tok), Value: lit, Pos: lexer.Position{Offset: off}}, nil
}

// scanError is the scanner's error handler: it records the first error.
func (p *parser) scanError(pos token.Pos, tag diag.Tag, msg string) {
	if p.lexErr == nil {
		p.lexErr = &diag.Error{Pos: p.file.Position(pos), Tag: tag, Msg: msg}
	}
}

var _ lexer.BytesDefinition = lexDef{}
