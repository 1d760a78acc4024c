// This file implements the adapter that feeds the D scanner's tokens to
// participle (its lexer.Definition and lexer.Lexer interfaces).
//
// Participle sees only the program structure: PRAGMA, PSPEC and COMMA
// tokens at outer scope, and one group token for each declaration (DECL),
// predicate (PRED: from the opening '/' to the closing one) and action
// block (BODY: from '{' to its '}'). The tokens of a group stay in the
// parser's own buffer, where the hand-written parser reads them; the group
// token's Pos.Line and Pos.Column carry the group's index range in that
// buffer, and its Value is the group's first token's text (what DTrace's
// "syntax error near" would quote if participle rejects the group).

package parser

import (
	"bytes"
	"io"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/token"
)

// The group token kinds, beyond the D tokens.
const (
	tokDECL = token.Token(1000 + iota)
	tokPRED
	tokBODY
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
	"COMMA":  lexType(token.COMMA),
	"DECL":   lexType(tokDECL),
	"PRED":   lexType(tokPRED),
	"BODY":   lexType(tokBODY),
}

// lexDef is a participle lexer.Definition for one parse.
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
	p    *parser
	last token.Token // the kind of the last token handed to participle
}

// scan scans one token into the buffer and returns its index.
func (p *parser) scan() int {
	pos, tok, lit := p.sc.Scan()
	p.toks = append(p.toks, tokInfo{pos: pos, tok: tok, lit: lit})
	return len(p.toks) - 1
}

func (l *lexAdapter) Next() (lexer.Token, error) {
	t := l.next()
	l.last = dTok(t.Type)
	return t, nil
}

// next returns the next token for participle. A control line at outer
// scope inside a clause (after a description, a comma or the predicate)
// is not handed over: DTrace's lexer acts on it without the grammar seeing
// it, so it is deferred to the parser (flushDeferred) and the next token
// is returned instead.
func (l *lexAdapter) next() lexer.Token {
	for {
		t := l.token()
		if dTok(t.Type) == token.PRAGMA && (l.last == token.PSPEC || l.last == token.COMMA || l.last == tokPRED) {
			l.p.deferred = append(l.p.deferred, t.Pos.Line)
			continue
		}
		return t
	}
}

func (l *lexAdapter) token() lexer.Token {
	p := l.p
	// After EOF/ILLEGAL ended a group, the EOF is already buffered.
	if n := len(p.toks); n > 0 && p.pending {
		p.pending = false
		return p.lexTok(n - 1)
	}
	start := p.scan()
	first := p.toks[start]
	if p.sc.Outer() || first.tok == token.EOF || first.tok == token.ILLEGAL {
		return p.lexTok(start)
	}
	kind := tokDECL
	switch first.tok {
	case token.QUO:
		kind = tokPRED
	case token.LBRACE:
		kind = tokBODY
	}
	end := start + 1
	for {
		i := p.scan()
		t := p.toks[i].tok
		if t == token.EOF {
			p.pending = true
			break
		}
		end = i + 1
		if t == token.ILLEGAL || p.sc.Outer() {
			break
		}
	}
	return lexer.Token{Type: lexType(kind), Value: first.lit,
		Pos: lexer.Position{Offset: p.file.Offset(first.pos), Line: start, Column: end}}
}

// lexTok returns buffered token i as a participle token.
func (p *parser) lexTok(i int) lexer.Token {
	t := p.toks[i]
	return lexer.Token{Type: lexType(t.tok), Value: t.lit,
		Pos: lexer.Position{Offset: p.file.Offset(t.pos), Line: i, Column: i + 1}}
}

// scanError is the scanner's error handler: it records the first error.
func (p *parser) scanError(pos token.Pos, tag diag.Tag, msg string) {
	if p.lexErr == nil {
		p.lexErr = &diag.Error{Pos: p.file.Position(pos), Tag: tag, Msg: msg}
	}
}

var _ lexer.BytesDefinition = lexDef{}
