// This file implements Config, Preprocess and the directives: the
// conditional groups, #include, #define/#undef, #line, #error, #warning,
// and the control lines passed on to the D compiler (#pragma, #ident).

package cpp

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Config says how to preprocess: the macros to define first, where to look
// for included files, and where -H output goes.
type Config struct {
	// Defines are applied in order before the source is read, as cpp
	// applies its -D and -U options: the predefined macros first, then the
	// command line's.
	Defines []Define
	// IncludeDirs are the -I directories: #include "x" looks in the
	// directory of the including file and then in these, #include <x> only
	// in these; both then look in SysIncludeDirs.
	IncludeDirs []string
	// SysIncludeDirs are searched last (cpp's default directories).
	SysIncludeDirs []string
	// Headers, when set, receives the name of each file #include opens, one
	// a line, after as many dots as the file is nested deep (cpp -H).
	Headers io.Writer
	// ReadFile reads an included file; nil means os.ReadFile.
	ReadFile func(name string) ([]byte, error)
	// Time is what __DATE__ and __TIME__ expand to; zero means now.
	Time time.Time
	// MaxTokens bounds the tokens macro expansion may produce, so that a
	// runaway definition ends in an error instead of exhausting memory;
	// zero means 1<<22.
	MaxTokens int
}

// Define is one macro definition or removal, as cpp's -D and -U options
// take them.
type Define struct {
	// Arg is -D's argument: "NAME" (defined as 1), "NAME=VALUE", or
	// "NAME(params)=BODY"; for Undef, the NAME.
	Arg   string
	Undef bool
}

// D returns the Define of -D arg.
func D(arg string) Define { return Define{Arg: arg} }

// U returns the Define of -U name.
func U(name string) Define { return Define{Arg: name, Undef: true} }

const (
	maxIncludeDepth = 200
	commandLine     = "<command-line>"
)

// Preprocess runs the C preprocessor over src, the text of the file name
// (the name its line markers and diagnostics use). The output carries line
// markers (# LINE "FILE" [FLAG], FLAG 1 on entering an included file and 2
// on returning from it), so that every token of it can be traced to the
// file and line it came from. A first line starting "#!" is left out
// (its newline kept), as dtrace(1) starts cpp after it.
//
// Preprocessing failed when the diagnostics hold an error
// (Diagnostics.Failed); warnings may come with a good output.
func Preprocess(name string, src []byte, conf *Config) ([]byte, Diagnostics) {
	if conf == nil {
		conf = &Config{}
	}
	p := &pp{conf: conf, macros: map[string]*macro{}, once: map[string]bool{}, base: name}
	p.now = conf.Time
	if p.now.IsZero() {
		p.now = time.Now()
	}
	p.maxToks = conf.MaxTokens
	if p.maxToks <= 0 {
		p.maxToks = 1 << 22
	}
	p.main = &expander{p: p}
	p.builtins()
	for _, d := range conf.Defines {
		p.commandLine(d)
	}
	if p.fatal {
		return nil, p.diags
	}
	if len(src) >= 2 && src[0] == '#' && src[1] == '!' {
		if i := indexByte(src, '\n'); i >= 0 {
			src = src[i:]
		} else {
			src = nil
		}
	}
	p.pushFile(newSource(name, src), 0)
	for {
		t := p.main.expand()
		if t.kind == kEOF {
			break
		}
		p.out.token(t)
	}
	p.out.finish()
	return []byte(p.out.b.String()), p.diags
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}

// pp is the state of one Preprocess.
type pp struct {
	conf    *Config
	macros  map[string]*macro
	diags   Diagnostics
	out     writer
	main    *expander
	files   []*file // the include stack, innermost last
	once    map[string]bool
	fatal   bool
	counter int
	base    string
	now     time.Time
	ntoks   int // tokens produced by expansion so far
	maxToks int
}

// file is a file being read: its tokens and its conditional groups.
type file struct {
	src   *source
	pname string // presumed name (#line changes it)
	delta int    // presumed line = physical line + delta
	conds []*cond
	depth int // 0 for the main file
	ret   int // presumed line of the includer to return to
}

// presumed returns the presumed line of physical line n.
func (f *file) presumed(n int) int { return n + f.delta }

// cond is an open conditional group.
type cond struct {
	directive string // the last of #if, #ifdef, #ifndef, #elif, #else seen
	line      int    // presumed line of its #if
	taken     bool   // a group of it has been (or is being) kept
	sawElse   bool
}

func (p *pp) diag(sev Severity, name string, line int, format string, args ...any) {
	p.diags = append(p.diags, &Diagnostic{File: name, Line: line, Severity: sev, Msg: fmt.Sprintf(format, args...)})
	if sev == Fatal {
		p.fatal = true
	}
}

// errorAt reports an error at token t of the current file.
func (p *pp) errorAt(t *tok, format string, args ...any) {
	name, line := p.where(t)
	p.diag(Error, name, line, format, args...)
}

func (p *pp) warnAt(t *tok, format string, args ...any) {
	name, line := p.where(t)
	p.diag(Warning, name, line, format, args...)
}

// where returns the presumed position of t.
func (p *pp) where(t *tok) (string, int) {
	if t.pname != "" {
		return t.pname, t.pline
	}
	if f := p.cur(); f != nil && t.src == f.src {
		return f.pname, f.presumed(t.line)
	}
	if t.src != nil {
		return t.src.name, t.line
	}
	if f := p.cur(); f != nil {
		return f.pname, 0
	}
	return commandLine, 0
}

// cur returns the innermost file being read, or nil.
func (p *pp) cur() *file {
	if len(p.files) == 0 {
		return nil
	}
	return p.files[len(p.files)-1]
}

// pushFile starts reading src, included at depth (0: the main file).
func (p *pp) pushFile(src *source, depth int) {
	f := &file{src: src, pname: src.name, depth: depth}
	toks := lexAll(src, func(line int, msg string) { p.diag(Error, src.name, line, "%s", msg) })
	p.files = append(p.files, f)
	p.main.frames = append(p.main.frames, &frame{toks: toks, file: f})
	flag := ""
	if depth > 0 {
		flag = " 1"
	}
	p.out.marker(1, src.name, flag)
}

// endFile ends the innermost file: open groups are errors; an included
// file returns to its includer.
func (p *pp) endFile(f *file) {
	for i := len(f.conds) - 1; i >= 0; i-- {
		p.diag(Error, f.pname, f.conds[i].line, "unterminated #%s", f.conds[i].directive)
	}
	p.files = p.files[:len(p.files)-1]
	if parent := p.cur(); parent != nil {
		p.out.marker(f.ret, parent.pname, " 2")
	}
}

// directive runs the control line line (its tokens from '#', all of one
// line) read from f.
func (p *pp) directive(fr *frame, line []*tok) {
	f := fr.file
	hash := line[0]
	pname, pline := f.pname, f.presumed(hash.line)
	for _, t := range line {
		t.pname, t.pline = pname, f.presumed(t.line)
	}
	if len(line) == 1 {
		return // the null directive
	}
	nt := line[1]
	args := line[2:]
	if nt.kind == kNumber {
		p.lineDirective(f, hash, line[1:], true)
		return
	}
	if nt.kind != kIdent {
		p.errorAt(nt, "invalid preprocessing directive")
		return
	}
	switch nt.text {
	case "if", "ifdef", "ifndef":
		c := &cond{directive: nt.text, line: pline}
		f.conds = append(f.conds, c)
		var keep bool
		switch nt.text {
		case "if":
			keep = p.evalIf(nt, args)
		case "ifdef":
			keep = p.ifdef(nt, args)
		default:
			keep = !p.ifdef(nt, args)
		}
		if keep {
			c.taken = true
		} else {
			p.skip(fr)
		}
	case "elif":
		if len(f.conds) == 0 {
			p.errorAt(nt, "#elif without #if")
			return
		}
		c := f.conds[len(f.conds)-1]
		if c.sawElse {
			p.errorAt(nt, "#elif after #else")
			p.diag(Error, pname, c.line, "the conditional began here")
		}
		c.directive = "elif"
		if c.taken {
			p.skip(fr)
			return
		}
		if p.evalIf(nt, args) {
			c.taken = true
		} else {
			p.skip(fr)
		}
	case "else":
		if len(f.conds) == 0 {
			p.errorAt(nt, "#else without #if")
			return
		}
		c := f.conds[len(f.conds)-1]
		if c.sawElse {
			p.errorAt(nt, "#else after #else")
			p.diag(Error, pname, c.line, "the conditional began here")
		}
		c.sawElse, c.directive = true, "else"
		p.extra(nt, args)
		if c.taken {
			p.skip(fr)
		} else {
			c.taken = true
		}
	case "endif":
		if len(f.conds) == 0 {
			p.errorAt(nt, "#endif without #if")
			return
		}
		f.conds = f.conds[:len(f.conds)-1]
		p.extra(nt, args)
	case "define":
		p.define(nt, args, pname, pline)
	case "undef":
		if name, ok := p.macroName(nt, args); ok {
			p.extra(nt, args[1:])
			if m := p.macros[name]; m != nil && m.builtin != nil {
				p.warnAt(args[0], "undefining \"%s\"", name)
			}
			delete(p.macros, name)
		}
	case "include", "include_next", "import":
		p.include(f, nt, args)
	case "line":
		p.lineDirective(f, hash, args, false)
	case "error":
		p.errorAt(nt, "%s", joinDirective("#error", args))
	case "warning":
		p.warnAt(nt, "%s [-Wcpp]", joinDirective("#warning", args))
	case "pragma":
		if len(args) == 1 && args[0].is(kIdent, "once") {
			if f.depth == 0 {
				p.warnAt(nt, "#pragma once in main file")
			}
			p.once[f.src.name] = true
			return
		}
		p.out.control(pname, pline, hash.indent, joinDirective("#pragma", args))
	case "ident", "sccs":
		p.out.control(pname, pline, hash.indent, joinDirective("#"+nt.text, args))
	default:
		p.errorAt(nt, "invalid preprocessing directive #%s", nt.text)
	}
}

// joinDirective spells a directive and its arguments, one space where the
// source had white space.
func joinDirective(head string, args []*tok) string {
	var b strings.Builder
	b.WriteString(head)
	for i, t := range args {
		if i == 0 || t.space {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}

// extra warns about tokens after a directive that takes none.
func (p *pp) extra(nt *tok, rest []*tok) {
	if len(rest) > 0 {
		tag := ""
		if nt.text == "else" || nt.text == "endif" {
			tag = " [-Wendif-labels]"
		}
		p.warnAt(rest[0], "extra tokens at end of #%s directive%s", nt.text, tag)
	}
}

// macroName checks the name operand of #define, #undef, #ifdef, #ifndef.
func (p *pp) macroName(nt *tok, args []*tok) (string, bool) {
	if len(args) == 0 {
		p.errorAt(nt, "no macro name given in #%s directive", nt.text)
		return "", false
	}
	if args[0].kind != kIdent {
		p.errorAt(args[0], "macro names must be identifiers")
		return "", false
	}
	if args[0].text == "defined" && nt.text != "ifdef" && nt.text != "ifndef" {
		p.errorAt(args[0], "\"defined\" cannot be used as a macro name")
		return "", false
	}
	return args[0].text, true
}

func (p *pp) ifdef(nt *tok, args []*tok) bool {
	name, ok := p.macroName(nt, args)
	if !ok {
		return false
	}
	p.extra(nt, args[1:])
	return p.macros[name] != nil
}

// skip passes over a group not kept: to the #elif, #else or #endif that
// ends it, which is left for the caller's loop to run.
func (p *pp) skip(fr *frame) {
	depth := 0
	for ; fr.i < len(fr.toks); fr.i++ {
		t := fr.toks[fr.i]
		if t.kind == kEOF {
			return
		}
		if !t.bol || !(t.isPunct("#") || t.isPunct("%:")) || fr.i+1 >= len(fr.toks) {
			continue
		}
		nt := fr.toks[fr.i+1]
		if nt.bol || nt.kind != kIdent {
			continue
		}
		switch nt.text {
		case "if", "ifdef", "ifndef":
			depth++
		case "elif", "else":
			if depth == 0 {
				return
			}
		case "endif":
			if depth == 0 {
				return
			}
			depth--
		}
	}
}

// lineDirective runs #line N ["file"] and the GNU marker # N ["file" [flags]].
func (p *pp) lineDirective(f *file, hash *tok, args []*tok, marker bool) {
	if !marker {
		args = p.expandList(args, false)
	}
	if len(args) == 0 {
		p.errorAt(hash, "unexpected end of file after #line")
		return
	}
	n := args[0]
	if n.kind != kNumber || strings.Trim(n.text, "0123456789") != "" {
		if marker {
			p.errorAt(n, "\"%s\" after # is not a positive integer", n.text)
		} else {
			p.errorAt(n, "\"%s\" after #line is not a positive integer", n.text)
		}
		return
	}
	v, err := strconv.ParseUint(n.text, 10, 31)
	if err != nil {
		v = 1<<31 - 1
	}
	rest := args[1:]
	if len(rest) > 0 {
		if rest[0].kind != kString || rest[0].text[0] != '"' {
			p.errorAt(rest[0], "\"%s\" is not a valid filename", rest[0].text)
			return
		}
		f.pname = unquote(rest[0].text)
		rest = rest[1:]
	}
	// The line after the directive is line v.
	f.delta = int(v) - (hash.line + 1)
	if marker {
		for _, t := range rest {
			if t.kind != kNumber {
				p.errorAt(t, "invalid flag \"%s\" in line directive", t.text)
				return
			}
		}
	} else if len(rest) > 0 {
		p.warnAt(rest[0], "extra tokens at end of #line directive")
	}
}

// unquote returns the value of a string literal (escapes decoded).
func unquote(lit string) string {
	i := strings.IndexByte(lit, '"')
	s := lit[i+1 : len(lit)-1]
	var b strings.Builder
	for j := 0; j < len(s); j++ {
		c := s[j]
		if c != '\\' || j+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		j++
		v, n := escape(s[j:])
		b.WriteByte(byte(v))
		j += n - 1
	}
	return b.String()
}

// escape decodes the escape sequence after a backslash at the start of s:
// its value and its length.
func escape(s string) (uint32, int) {
	switch c := s[0]; c {
	case 'n':
		return '\n', 1
	case 't':
		return '\t', 1
	case 'v':
		return '\v', 1
	case 'b':
		return '\b', 1
	case 'r':
		return '\r', 1
	case 'f':
		return '\f', 1
	case 'a':
		return 7, 1
	case 'e', 'E':
		return 27, 1
	case 'x':
		var v uint32
		i := 1
		for ; i < len(s); i++ {
			d := hexVal(s[i])
			if d < 0 {
				break
			}
			v = v<<4 | uint32(d)
		}
		if i == 1 {
			return 'x', 1
		}
		return v, i
	case '0', '1', '2', '3', '4', '5', '6', '7':
		var v uint32
		i := 0
		for ; i < 3 && i < len(s) && s[i] >= '0' && s[i] <= '7'; i++ {
			v = v<<3 | uint32(s[i]-'0')
		}
		return v, i
	default:
		return uint32(c), 1
	}
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// include runs #include, #include_next and #import.
func (p *pp) include(f *file, nt *tok, args []*tok) {
	name, angle, ok := p.headerName(nt, args)
	if !ok {
		return
	}
	found, dir, err := p.find(f, name, angle, nt.text == "include_next")
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			name = found
		}
		p.diag(Fatal, f.pname, f.presumed(nt.line), "%s: %s", name, errText(err))
		return
	}
	if p.once[found] {
		return
	}
	if nt.text == "import" {
		p.once[found] = true
	}
	if len(p.files) >= maxIncludeDepth {
		p.errorAt(nt, "#include nested depth %d exceeds maximum of %d (use -fmax-include-depth=DEPTH to increase the maximum)", len(p.files), maxIncludeDepth)
		return
	}
	b, err := p.read(found)
	if err != nil {
		p.diag(Fatal, f.pname, f.presumed(nt.line), "%s: %s", found, errText(err))
		return
	}
	if w := p.conf.Headers; w != nil {
		fmt.Fprintf(w, "%s %s\n", strings.Repeat(".", len(p.files)), found)
	}
	src := newSource(found, b)
	src.dir = dir
	// Back in the includer, output resumes at the line after the directive.
	ret := f.presumed(nt.line) + 1
	if len(args) > 0 {
		ret = f.presumed(args[len(args)-1].line) + 1
	}
	p.pushFile(src, len(p.files))
	p.cur().ret = ret
}

// headerName returns the file an #include names, and whether it is the
// <...> form.
func (p *pp) headerName(nt *tok, args []*tok) (string, bool, bool) {
	toks := args
	for expanded := false; ; expanded = true {
		if len(toks) > 0 && toks[0].kind == kString && toks[0].text[0] == '"' {
			name := toks[0].text[1 : len(toks[0].text)-1]
			p.extra(nt, toks[1:])
			if name == "" {
				p.errorAt(nt, "empty filename in #%s", nt.text)
				return "", false, false
			}
			return name, false, true
		}
		if len(toks) > 0 && toks[0].isPunct("<") {
			var b strings.Builder
			for i := 1; i < len(toks); i++ {
				if toks[i].isPunct(">") {
					p.extra(nt, toks[i+1:])
					if b.Len() == 0 {
						p.errorAt(nt, "empty filename in #%s", nt.text)
						return "", false, false
					}
					return b.String(), true, true
				}
				if i > 1 && toks[i].space {
					b.WriteByte(' ')
				}
				b.WriteString(toks[i].text)
			}
			p.errorAt(nt, "missing terminating > character")
			return b.String(), true, b.Len() > 0
		}
		if expanded || len(toks) == 0 {
			p.errorAt(nt, "#%s expects \"FILENAME\" or <FILENAME>", nt.text)
			return "", false, false
		}
		toks = p.expandList(args, false)
	}
}

// find looks for an included file and returns its name and the index of the
// search directory it is in (-1 for the includer's directory or an absolute
// name).
func (p *pp) find(f *file, name string, angle, next bool) (string, int, error) {
	if path.IsAbs(name) {
		return name, -1, p.exists(name)
	}
	dirs := append(append([]string(nil), p.conf.IncludeDirs...), p.conf.SysIncludeDirs...)
	start := 0
	if next && f.src.dir >= 0 {
		start = f.src.dir + 1
	} else if !angle {
		d := path.Dir(f.src.name)
		if f.depth == 0 && (f.src.name == "/dev/stdin" || strings.HasPrefix(f.src.name, "/dev/fd/")) {
			d = "." // a script read from standard input includes from the working directory
		}
		cand := name
		if d != "." {
			cand = d + "/" + name
		}
		if err := p.exists(cand); !errors.Is(err, fs.ErrNotExist) {
			return cand, -1, err
		}
	}
	for i := start; i < len(dirs); i++ {
		cand := strings.TrimSuffix(dirs[i], "/") + "/" + name
		if err := p.exists(cand); !errors.Is(err, fs.ErrNotExist) {
			return cand, i, err
		}
	}
	return "", -1, fs.ErrNotExist
}

// exists reports whether name can be read as an included file.
func (p *pp) exists(name string) error {
	if p.conf.ReadFile != nil {
		_, err := p.conf.ReadFile(name)
		return err
	}
	st, err := os.Stat(name)
	if errors.Is(err, syscall.ENOTDIR) {
		return fs.ErrNotExist
	}
	if err != nil {
		return err
	}
	if st.IsDir() {
		return fs.ErrNotExist
	}
	return nil
}

func (p *pp) read(name string) ([]byte, error) {
	if p.conf.ReadFile != nil {
		return p.conf.ReadFile(name)
	}
	return os.ReadFile(name)
}

// errText is the strerror text of err, as cpp prints it.
func errText(err error) string {
	var errno syscall.Errno
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "No such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "Permission denied"
	case errors.As(err, &errno):
		s := errno.Error()
		return strings.ToUpper(s[:1]) + s[1:]
	}
	return err.Error()
}

// commandLine applies one -D or -U.
func (p *pp) commandLine(d Define) {
	if d.Undef {
		toks := lexString(commandLine, d.Arg)
		if len(toks) != 1 || toks[0].kind != kIdent {
			p.diag(Error, commandLine, 0, "macro names must be identifiers")
			return
		}
		delete(p.macros, toks[0].text)
		return
	}
	text := d.Arg
	if i := strings.IndexByte(text, '='); i >= 0 {
		text = text[:i] + " " + text[i+1:]
	} else {
		text += " 1"
	}
	toks := lexString(commandLine, text)
	for _, t := range toks {
		t.src, t.pname = nil, commandLine
	}
	if len(toks) == 0 || toks[0].kind != kIdent {
		p.diag(Error, commandLine, 0, "macro names must be identifiers")
		return
	}
	p.define(&tok{kind: kIdent, text: "define", pname: commandLine}, toks, commandLine, 0)
}
