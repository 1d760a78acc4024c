// This file checks the diagnostics of Preprocess against gcc's on the same
// input, line by line (gcc run without column numbers and source
// excerpts; the notes locating a macro in gcc's expansion trace and the
// "In file included from" lines are not printed by godtrace).

package cpp

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var diagCases = []struct {
	name  string
	src   string
	files map[string]string // other files of the case, by name
}{
	{name: "define", src: `#define
#define 1x
#define defined
#define f(x
#define g(x,x) x
#define h(1) x
#define s(x) #y
#define p ## x
#define q x ##
#define A 1
#define A 2
#define A 2
#define B(x) x
#define B(y) y
#undef
#undef A B
#define v(x...) x
#define v2(...) __VA_ARGS__
#define w(x, ...) x
#define cat(a,b) a##b
cat(.,.) cat(a, +)
`},
	{name: "conditionals", src: `#ifdef
#endif
#ifndef 3
#endif
#else
#endif
#elif 1
#if 0
#else
#else
#endif
#endif
#if 1
#else x
#endif y
#ifdef A B
#endif
#if 0
#elif 1
#else
#elif 1
#endif
`},
	{name: "directives", src: `#foo
#include
#include foo
#include <>
#line x
#line 10 foo
# 12 "a" 3
# 7 "b" x
#line
#error end "of" it
#warning careful
#pragma once
#pragma D option quiet
#ident "x"
#
`},
	{name: "invocations", src: `#define m(a,b) a b
#define z() 0
m(1)
m(1,2,3)
z(1)
z()
m(,)
`},
	{name: "if-expressions", src: `#if 1 ==
#endif
#if 1.0
#endif
#if 08
#endif
#if 1 = 2
#endif
#if "s"
#endif
#if ()
#endif
#if 1 ? 2
#endif
#if 1 : 2
#endif
#if )
#endif
#if defined
#endif
#if defined(X
#endif
#if 1zz
#endif
#if 1 2
#endif
#if (1
#endif
#if 1 +
#endif
#if 1 / 0
#endif
#if 0 && 1 / 0
#endif
#if
#endif
#if 1 {
#endif
#if 18446744073709551615
#endif
#if 'ab' == 0x6162
#endif
#if x(
#endif
#elif
`},
	{name: "include-unterminated-angle", src: "#include <x\n"},
	{name: "unterminated-if", src: "#if 1\n#ifdef X\n#else\n"},
	{name: "unterminated-comment", src: "a /* b\n\n"},
	{name: "unterminated-args", src: "#define f(x) x\nf(1,\n2\n"},
	{name: "include-missing", src: "a\n#include \"nope.h\"\nb\n"},
	{name: "include-angle-missing", src: "#include <nope.h>\n"},
	{name: "include-unterminated", src: "#include \"u.h\"\n", files: map[string]string{"u.h": "#if 1\n"}},
	{name: "include-errors", src: "#include \"e.h\"\n#error main\n", files: map[string]string{"e.h": "\n#error in e.h\n#line 30 \"renamed.h\"\n#error renamed\n"}},
	{name: "include-self", src: "#include \"self.d\"\n", files: map[string]string{"self.d": "#include \"self.d\"\n"}},
}

func TestDiagnosticsAgainstGCC(t *testing.T) {
	gccPath, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("gcc is not installed: nothing to compare the diagnostics with")
	}
	for _, c := range diagCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			name := filepath.Join(dir, "t.d")
			write := func(n, s string) {
				if err := os.WriteFile(filepath.Join(dir, n), []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write("t.d", c.src)
			for n, s := range c.files {
				write(n, s)
			}
			cmd := exec.Command(gccPath, "-E", "-P", "-undef", "-fno-diagnostics-show-caret", "-fno-show-column", "-x", "c", name)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			cmd.Run()
			var want []string
			for _, l := range strings.Split(stderr.String(), "\n") {
				if l == "" || strings.HasPrefix(l, "In file included from") || strings.HasPrefix(strings.TrimSpace(l), "from ") ||
					strings.Contains(l, "note: in definition of macro") || strings.Contains(l, "note: in expansion of macro") {
					continue
				}
				want = append(want, l)
			}
			_, diags := Preprocess(name, []byte(c.src), &Config{})
			var b bytes.Buffer
			diags.Print(&b)
			got := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			if b.Len() == 0 {
				got = nil
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("diagnostics differ\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
