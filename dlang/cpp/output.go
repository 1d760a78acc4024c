// This file implements the output: tokens on the lines they came from,
// with line markers where a file changes or lines were left out, and a
// space wherever two tokens written side by side would read as one.

package cpp

import "strings"

// writer accumulates the output text.
type writer struct {
	b       strings.Builder
	name    string // presumed file of the current output line
	line    int    // its presumed line
	started bool
	bol     bool // nothing written on the current line yet
	last    *tok // the last token written on it
}

// maxGap is the most blank lines written to reach a token's line; beyond it
// a line marker says where the output resumes.
const maxGap = 8

// marker writes "# line "name"flag" and makes the next line that line.
func (w *writer) marker(line int, name, flag string) {
	if w.started && !w.bol {
		w.b.WriteByte('\n')
	}
	w.b.WriteString("# ")
	w.b.WriteString(itoa(line))
	w.b.WriteString(" ")
	w.b.WriteString(quote(name))
	w.b.WriteString(flag)
	w.b.WriteByte('\n')
	w.started, w.bol, w.last = true, true, nil
	w.name, w.line = name, line
}

// sync moves the output to the presumed position name:line.
func (w *writer) sync(name string, line int) {
	switch {
	case !w.started || name != w.name || line < w.line || line-w.line > maxGap:
		if w.started && name == w.name && line == w.line {
			return
		}
		w.marker(line, name, "")
	case line > w.line:
		for w.line < line {
			w.b.WriteByte('\n')
			w.line++
		}
		w.bol, w.last = true, nil
	}
}

// token writes t.
func (w *writer) token(t *tok) {
	w.sync(t.pname, t.pline)
	switch {
	case w.bol:
		if t.bol {
			w.b.WriteString(t.indent)
		} else if t.space {
			w.b.WriteByte(' ')
		}
	case t.space || pastes(w.last, t):
		w.b.WriteByte(' ')
	}
	w.b.WriteString(t.text)
	w.bol, w.last = false, t
}

// control writes a control line passed on (#pragma, #ident) on a line of
// its own.
func (w *writer) control(name string, line int, indent, text string) {
	w.sync(name, line)
	if !w.bol {
		w.b.WriteByte('\n')
		w.line++
		w.sync(name, line)
	}
	w.b.WriteString(indent)
	w.b.WriteString(text)
	w.b.WriteByte('\n')
	w.line++
	w.bol, w.last = true, nil
}

// finish ends the last line.
func (w *writer) finish() {
	if w.started && !w.bol {
		w.b.WriteByte('\n')
	}
}

// pastes reports whether b written right after a would lex differently.
func pastes(a, b *tok) bool {
	if a == nil {
		return false
	}
	x, y := a.text[len(a.text)-1], b.text[0]
	// Quick exits: no token continues across these pairs.
	switch {
	case isIdentChar(x) && !isIdentChar(y) && y != '\'' && y != '"' && y != '.' && y != '+' && y != '-':
		return false
	case !isIdentChar(x) && strings.IndexByte("+-*/%<>=&|^!#:.\"'", x) < 0:
		return false
	}
	toks := lexString("", a.text+b.text)
	return len(toks) == 0 || toks[0].text != a.text
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}
