// This file implements control lines (#pragma, #error, #ident, #line and
// "# N" markers), checked as DTrace's dt_pragma checks them as soon as the
// line is read.

package parser

import (
	"fmt"
	"strings"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/scanner"
	"github.com/godtrace/godtrace/dlang/token"
)

// The word kinds of a control line (dt_lex.l's S3 state): a string
// literal, an integer constant, or any other run of non-blank characters.
const (
	pwIdent = iota
	pwString
	pwInt
)

type pragmaWord struct {
	text string // as written (string literals with their quotes)
	kind int
}

// value is the word's text with a string literal's quotes and escapes
// removed.
func (w pragmaWord) value() string {
	if w.kind == pwString {
		return scanner.StringValue(w.text)
	}
	return w.text
}

// The directives, and where they may appear: after a bare '#' (dir), after
// "#pragma" (sub) or only after "#pragma D" (dcp).
const (
	pragmaDir = iota
	pragmaSub
	pragmaDCP
)

var pragmaKinds = map[string]int{
	"attributes": pragmaDCP, "binding": pragmaDCP, "depends_on": pragmaDCP,
	"error": pragmaDir, "ident": pragmaDir, "line": pragmaDir, "option": pragmaDCP,
}

// pragma checks a control line and returns its node.
func (p *parser) pragma(pos token.Pos, text string) *ast.Pragma {
	pr := &ast.Pragma{Hash: pos, Text: text, EndPos: pos + token.Pos(len(text))}
	words := splitPragma(text[1:])
	for _, w := range words {
		pr.Words = append(pr.Words, w.text)
	}
	if len(pr.Words) > 0 && pr.Words[0] == "pragma" {
		pr.Words = pr.Words[1:]
	}
	kind := pragmaDir
	for i, w := range words {
		if w.kind == pwInt {
			pr.Line, pr.Directive = true, "line"
			pr.Args = wordTexts(words[i:])
			p.pragmaLine(pos, "line", words[i:])
			return pr
		}
		if w.kind != pwIdent {
			p.errorAt(pos, diag.D_PRAGCTL_INVAL, "invalid control directive")
		}
		if kind == pragmaDir && w.text == "pragma" {
			kind = pragmaSub
			continue
		}
		if kind == pragmaSub && w.text == "D" {
			kind = pragmaDCP
			continue
		}
		args := words[i+1:]
		if k, ok := pragmaKinds[w.text]; ok && k <= kind {
			pr.Directive, pr.Args = w.text, wordTexts(args)
			p.pragmaArgs(pos, w.text, args)
			pr.Line = w.text == "line"
			return pr
		}
		switch kind {
		case pragmaDir:
			p.errorAt(pos, diag.D_PRAGCTL_INVAL, "invalid control directive: #"+w.text)
		case pragmaSub:
			return pr // unknown #pragma: ignored, as K&R says
		default:
			p.errorAt(pos, diag.D_PRAGMA_INVAL, "invalid D pragma: "+w.text)
		}
	}
	return pr // a null directive, or "#pragma" / "#pragma D" alone
}

// pragmaArgs checks a directive's arguments as far as the parser can; the
// checker and the command set options and check dependencies.
func (p *parser) pragmaArgs(pos token.Pos, name string, args []pragmaWord) {
	malformed := func(form string) {
		p.errorAt(pos, diag.D_PRAGMA_MALFORM, fmt.Sprintf("malformed #pragma %s %s", name, form))
	}
	switch name {
	case "error":
		var b strings.Builder
		for _, a := range args {
			if a.kind != pwInt {
				b.WriteString(a.value())
				b.WriteString(" ")
			}
		}
		p.errorAt(pos, diag.D_PRAGERR, fmt.Sprintf("#%s: %s", name, b.String()))
	case "option":
		if len(args) == 0 || args[0].kind != pwIdent {
			malformed("<option>=<val>")
		}
		if len(args) > 1 {
			p.errorAt(pos, diag.D_PRAGMA_MALFORM, "superfluous arguments specified for #pragma "+name)
		}
	case "attributes":
		if len(args) < 2 || args[0].kind != pwIdent || args[1].kind != pwIdent {
			malformed("<attributes> <ident>")
		}
		if !validAttributes(args[0].text) {
			p.errorAt(pos, diag.D_PRAGMA_INVAL, "invalid attributes specified by #pragma "+name)
		}
	case "binding":
		if len(args) < 2 || args[0].kind != pwString || args[1].kind != pwIdent {
			malformed("\"version\" <ident>")
		}
	case "depends_on":
		if len(args) < 2 || args[0].kind != pwIdent || args[1].kind != pwIdent {
			malformed("<class> <name>")
		}
		switch args[0].text {
		case "provider", "module", "library":
		default:
			p.errorAt(pos, diag.D_PRAGMA_INVAL, fmt.Sprintf("invalid class %s specified by #pragma %s", args[0].text, name))
		}
	case "line":
		p.pragmaLine(pos, name, args)
	}
}

// pragmaLine checks "#line N ["file" [state...]]" and "# N ...". The
// scanner has renumbered the following lines (token.File.AddLine), as
// DTrace's dt_pragma_line does.
func (p *parser) pragmaLine(pos token.Pos, name string, args []pragmaWord) {
	ok := len(args) > 0 && args[0].kind == pwInt
	if ok && len(args) > 1 && args[1].kind != pwString {
		ok = false
	}
	for _, a := range args[min(2, len(args)):] {
		if a.kind != pwInt {
			ok = false
		}
	}
	if !ok {
		p.errorAt(pos, diag.D_PRAGMA_MALFORM, fmt.Sprintf("malformed #%s <line> [ [\"file\"] state ]", name))
	}
}

func wordTexts(ws []pragmaWord) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.text)
	}
	return out
}

// splitPragma splits the text after '#' into words: string literals,
// integer constants and other blank-separated runs.
func splitPragma(s string) []pragmaWord {
	var words []pragmaWord
	for {
		s = strings.TrimLeft(s, " \t\f\v\r")
		if s == "" {
			return words
		}
		end := 0
		kind := pwIdent
		if s[0] == '"' {
			kind = pwString
			end = 1
			for end < len(s) && s[end] != '"' {
				if s[end] == '\\' {
					end++
				}
				end++
			}
			if end < len(s) {
				end++
			}
			end = min(end, len(s))
		} else {
			for end < len(s) && strings.IndexByte(" \t\f\v\r\"", s[end]) < 0 {
				end++
			}
			if isIntWord(s[:end]) {
				kind = pwInt
			}
		}
		words = append(words, pragmaWord{text: s[:end], kind: kind})
		s = s[end:]
	}
}

// isIntWord reports whether w is all of RGX_INT.
func isIntWord(w string) bool {
	i := 0
	if len(w) > 2 && w[0] == '0' && (w[1] == 'x' || w[1] == 'X') {
		i = 2
		for i < len(w) && strings.IndexByte("0123456789abcdefABCDEF", w[i]) >= 0 {
			i++
		}
		if i == 2 {
			return false
		}
	} else {
		for i < len(w) && w[i] >= '0' && w[i] <= '9' {
			i++
		}
		if i == 0 {
			return false
		}
	}
	if i < len(w) && (w[i] == 'u' || w[i] == 'U') {
		i++
	}
	for n := 0; n < 2 && i < len(w) && (w[i] == 'l' || w[i] == 'L'); n++ {
		i++
	}
	return i == len(w)
}

var (
	stabilityNames = []string{"Internal", "Private", "Obsolete", "External", "Unstable", "Evolving", "Stable", "Standard"}
	classNames     = []string{"Unknown", "CPU", "Platform", "Group", "ISA", "Common"}
)

// validAttributes reports whether s is an attribute triple as DTrace's
// dtrace_str2attr accepts it: name-stability[/data-stability[/class]],
// names compared without case.
func validAttributes(s string) bool {
	var parts []string
	for _, f := range strings.Split(s, "/") {
		if f != "" {
			parts = append(parts, f)
		}
	}
	if len(parts) > 3 {
		return false
	}
	for i, part := range parts {
		names := stabilityNames
		if i == 2 {
			names = classNames
		}
		ok := false
		for _, n := range names {
			if strings.EqualFold(part, n) {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}
