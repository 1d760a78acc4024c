// This file implements table-driven tests of the scanner.

package scanner

import (
	"fmt"
	"strings"
	"testing"

	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/token"
)

// scanAll returns "TOK:lit" for each token (just the spelling for operators
// and keywords), and the first error as "line:col TAG msg".
func scanAll(src string, mode Mode) (toks []string, errs []string) {
	file := token.NewFile("t.d", []byte(src))
	var s Scanner
	s.Init(file, []byte(src), func(pos token.Pos, tag diag.Tag, msg string) {
		p := file.Position(pos)
		errs = append(errs, fmt.Sprintf("%d:%d %s %s", p.Line, p.Column, tag, msg))
	}, mode)
	for i := 0; i < 1000; i++ {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		switch {
		case tok == token.ILLEGAL:
			toks = append(toks, "ILLEGAL")
		case tok.IsLiteral():
			toks = append(toks, tok.String()+":"+lit)
		case tok == token.EPRED:
			toks = append(toks, "EPRED")
		default:
			toks = append(toks, tok.String())
		}
	}
	return toks, errs
}

func TestScan(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want string
	}{
		{"BEGIN { x = 1; }", "PSPEC:BEGIN { IDENT:x = INT:1 ; }"},
		{"syscall::read*:entry, tick-1sec\n/pid == $target/ { }",
			"PSPEC:syscall::read*:entry , PSPEC:tick-1sec / IDENT:pid == MACRO:$target EPRED { }"},
		{"pid$target::malloc:entry{}", "PSPEC:pid$target::malloc:entry { }"},
		{"fbt:kernel:vn_read:entry,syscall:::{}", "PSPEC:fbt:kernel:vn_read:entry , PSPEC:syscall::: { }"},
		// A '/' in a predicate divides unless followed by { ; / or EOF.
		{"BEGIN /a / 2 == 1/ {}", "PSPEC:BEGIN / IDENT:a / INT:2 == INT:1 EPRED { }"},
		{"BEGIN /a/\n/* c */ {}", "PSPEC:BEGIN / IDENT:a EPRED { }"},
		// As in dt_lex.l, the lookahead does not skip comments: a comment
		// after a division ends the predicate.
		{"BEGIN /a / /* c */ 2/ {}", "PSPEC:BEGIN / IDENT:a EPRED INT:2 / { }"},
		{"BEGIN /a/", "PSPEC:BEGIN / IDENT:a EPRED"},
		{"BEGIN { x = a / b; }", "PSPEC:BEGIN { IDENT:x = IDENT:a / IDENT:b ; }"},
		// Declarations at outer scope.
		{"int x;\nself string s;\nthis uint64_t t; BEGIN{}",
			"int IDENT:x ; self string IDENT:s ; this IDENT:uint64_t IDENT:t ; PSPEC:BEGIN { }"},
		{"uint64_t x; BEGIN{}", "IDENT:uint64_t IDENT:x ; PSPEC:BEGIN { }"},
		{"int*p; int* {}", "int * IDENT:p ; int * { }"},
		{"typedef int foo_t; foo_t x; foo_t:::{}",
			"typedef int IDENT:foo_t ; IDENT:foo_t IDENT:x ; PSPEC:foo_t::: { }"},
		{"struct s { int a; char b[4]; }; BEGIN{}",
			"struct IDENT:s { int IDENT:a ; char IDENT:b [ INT:4 ] ; } ; PSPEC:BEGIN { }"},
		// Words after -> and . are identifiers even when keywords.
		{"BEGIN{ self->string = this->int; a.self = 1 }",
			"PSPEC:BEGIN { self -> IDENT:string = this -> IDENT:int ; IDENT:a . IDENT:self = INT:1 }"},
		{"BEGIN{ @c[execname] = count(); @ = sum(1); }",
			"PSPEC:BEGIN { AGG:@c [ IDENT:execname ] = IDENT:count ( ) ; AGG:@ = IDENT:sum ( INT:1 ) ; }"},
		{"BEGIN{ x = $1 + $$2 + $pid; y = `curthread; z = genunix`x; }",
			"PSPEC:BEGIN { IDENT:x = MACRO:$1 + MACRO:$$2 + MACRO:$pid ; IDENT:y = IDENT:`curthread ; IDENT:z = IDENT:genunix`x ; }"},
		{"BEGIN{ a ^^ b; a <<= 2; a >>= 1; x++; --y; a != b; c ? d : e; p->q; }",
			"PSPEC:BEGIN { IDENT:a ^^ IDENT:b ; IDENT:a <<= INT:2 ; IDENT:a >>= INT:1 ; IDENT:x ++ ; -- IDENT:y ; IDENT:a != IDENT:b ; IDENT:c ? IDENT:d : IDENT:e ; IDENT:p -> IDENT:q ; }"},
		{"BEGIN{ 0x1F; 017; 10u; 10ul; 10ULL; 'a'; '\\n'; 'ab'; \"a\\\"b\"; }",
			`PSPEC:BEGIN { INT:0x1F ; INT:017 ; INT:10u ; INT:10ul ; INT:10ULL ; CHAR:'a' ; CHAR:'\n' ; CHAR:'ab' ; STRING:"a\"b" ; }`},
		{"#!/usr/sbin/dtrace -s\n#pragma D option quiet\nBEGIN // c\n{ }",
			"PRAGMA:#pragma D option quiet PSPEC:BEGIN { }"},
		{"BEGIN\n{\n#pragma D option flowindent\n}", "PSPEC:BEGIN { PRAGMA:#pragma D option flowindent }"},
	} {
		toks, errs := scanAll(tc.src, 0)
		if len(errs) > 0 {
			t.Errorf("%q: unexpected errors %v", tc.src, errs)
		}
		if got := strings.Join(toks, " "); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.src, got, tc.want)
		}
	}
}

func TestScanProbeSpecMode(t *testing.T) {
	toks, errs := scanAll("int* {}", ProbeSpec)
	if got, want := strings.Join(toks, " "), "PSPEC:int* { }"; got != want || len(errs) > 0 {
		t.Errorf("got %s %v, want %s", got, errs, want)
	}
}

func TestScanErrors(t *testing.T) {
	for _, tc := range []struct {
		src, want string
	}{
		{"BEGIN { x = \"abc\n\"; }", "1:13 D_STR_NL newline encountered in string literal"},
		{"BEGIN { x = 'a\n'; }", "1:13 D_CHR_NL newline encountered in character constant"},
		{"BEGIN { x = ''; }", "1:13 D_CHR_NULL empty character constant"},
		{"BEGIN { x = '123456789'; }", "1:13 D_CHR_OFLOW character constant is too long"},
		{"BEGIN { x = 09; }", "1:13 D_INT_DIGIT constant 09 contains invalid digit 9"},
		{"BEGIN { x = 99999999999999999999; }", "1:13 D_INT_OFLOW constant 99999999999999999999 results in integer overflow"},
		{"BEGIN { x = 1.5; }", "1:13 D_SYNTAX floating-point constants are not permitted"},
		{"BEGIN { x = 1 # 2; }", "1:15 D_SYNTAX syntax error near \"#\""},
		{"BEGIN /x == (1/ { }", "1:15 D_SYNTAX closing ) expected in predicate before /"},
		{"BEGIN { x = 1); }", "1:14 D_SYNTAX extra ) in input stream"},
		{"}", "1:1 D_SYNTAX syntax error near \"}\""},
		{"BEGIN { /* x ", "1:14 D_SYNTAX end-of-file encountered before matching */"},
		{"BEGIN { x = $; }", "1:13 D_SYNTAX syntax error near \"$\""},
	} {
		_, errs := scanAll(tc.src, 0)
		if len(errs) != 1 || errs[0] != tc.want {
			t.Errorf("%q: errors %q, want %q", tc.src, errs, tc.want)
		}
	}
}

func TestLiterals(t *testing.T) {
	for _, tc := range []struct {
		lit    string
		val    uint64
		base   int
		suffix string
	}{
		{"0", 0, 10, ""}, {"10", 10, 10, ""}, {"017", 15, 8, ""}, {"0x1f", 31, 16, ""},
		{"10UL", 10, 10, "ul"}, {"18446744073709551615", 1<<64 - 1, 10, ""},
	} {
		got, err := ParseInt(tc.lit)
		if err != nil || got.Value != tc.val || got.Base != tc.base || got.Suffix != tc.suffix {
			t.Errorf("ParseInt(%q) = %+v, %v", tc.lit, got, err)
		}
	}
	for lit, want := range map[string]int64{`'a'`: 97, `'\n'`: 10, `'ab'`: 0x6162, `'\0'`: 0, `'\377'`: 255, `'\x41'`: 65} {
		if got := CharValue(lit); got != want {
			t.Errorf("CharValue(%s) = %d, want %d", lit, got, want)
		}
	}
	if got := StringValue(`"a\tb\\\"\101\q"`); got != "a\tb\\\"Aq" {
		t.Errorf("StringValue = %q", got)
	}
}

func TestLineDirective(t *testing.T) {
	for _, tc := range []struct {
		text string
		n    int
		name string
		ok   bool
	}{
		{`# 12 "a.d"`, 12, "a.d", true},
		{`# 1 "inc.h" 1 3`, 1, "inc.h", true},
		{`#line 7`, 7, "", true},
		{`  #  line 7 "x\"y"`, 7, `x"y`, true},
		{`#line x`, 0, "", false},
		{`#line 7 x`, 0, "", false},
		{`# 7 "open`, 0, "", false},
		{`#pragma D option quiet`, 0, "", false},
		{`#linex 3`, 0, "", false},
	} {
		n, name, ok := LineDirective(tc.text)
		if n != tc.n || name != tc.name || ok != tc.ok {
			t.Errorf("%s: %d %q %v, want %d %q %v", tc.text, n, name, ok, tc.n, tc.name, tc.ok)
		}
	}
}
