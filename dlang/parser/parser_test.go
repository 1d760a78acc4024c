// This file implements table-driven tests of the parser: printed trees,
// operator precedence, probe descriptions, pragmas and probe specifiers.

package parser

import (
	"fmt"
	"strings"
	"testing"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/token"
)

func mustParse(t *testing.T, src string) *ast.Program {
	t.Helper()
	prog, err := ParseProgram("t.d", []byte(src), nil)
	if err != nil {
		t.Fatalf("ParseProgram(%q): %v", src, err)
	}
	return prog
}

// TestPrint parses programs and compares the tree printed back as D.
func TestPrint(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"BEGIN{}", "BEGIN\n{\n}\n"},
		{"BEGIN { x = 1 }", "BEGIN\n{\n\tx = 1;\n}\n"},
		{"BEGIN { ; ; }", "BEGIN\n{\n\t;\n\t;\n}\n"},
		{"syscall::read:entry,syscall::write:entry/execname==\"dd\"/{@[probefunc]=count();}",
			"syscall::read:entry,\nsyscall::write:entry\n/execname == \"dd\"/\n{\n\t@[probefunc] = count();\n}\n"},
		{"tick-1sec { printa(\"%s %@d\\n\", @c); clear(@c); trunc(@c, 10) }",
			"tick-1sec\n{\n\tprinta(\"%s %@d\\n\", @c);\n\tclear(@c);\n\ttrunc(@c, 10);\n}\n"},
		{"profile-997 /arg0/ { @s[stack()] = count(); }", "profile-997\n/arg0/\n{\n\t@s[stack()] = count();\n}\n"},
		{"pid$target::malloc:entry { self->ts = timestamp; }", "pid$target::malloc:entry\n{\n\tself->ts = timestamp;\n}\n"},
		{"fbt:kernel:vn_read:entry { this->p = args[0]->v_data; @q = quantize(this->p); }",
			"fbt:kernel:vn_read:entry\n{\n\tthis->p = args[0]->v_data;\n\t@q = quantize(this->p);\n}\n"},
		{"BEGIN { a[1, \"x\"] = 2; b = a[1, \"x\"] ? c : d; }", "BEGIN\n{\n\ta[1, \"x\"] = 2;\n\tb = a[1, \"x\"] ? c : d;\n}\n"},
		{"BEGIN { x = (unsigned long)curthread->real_parent->tgid; y = (struct task_struct *)arg0; z = (char *)0; }",
			"BEGIN\n{\n\tx = (unsigned long)curthread->real_parent->tgid;\n\ty = (struct task_struct *)arg0;\n\tz = (char *)0;\n}\n"},
		{"BEGIN { x = (uint64_t)1; y = (pid_t)pid; s = (string)arg0; n = sizeof(int); m = sizeof x; o = offsetof(struct foo, bar); t = stringof(arg1); }",
			"BEGIN\n{\n\tx = (uint64_t)1;\n\ty = (pid_t)pid;\n\ts = (string)arg0;\n\tn = sizeof(int);\n\tm = sizeof x;\n\to = offsetof(struct foo, bar);\n\tt = stringof (arg1);\n}\n"},
		{"BEGIN { x += 1; x -= 1; x *= 2; x /= 2; x %= 3; x &= 1; x |= 2; x ^= 3; x <<= 1; x >>= 1; x++; --x; }",
			"BEGIN\n{\n\tx += 1;\n\tx -= 1;\n\tx *= 2;\n\tx /= 2;\n\tx %= 3;\n\tx &= 1;\n\tx |= 2;\n\tx ^= 3;\n\tx <<= 1;\n\tx >>= 1;\n\tx++;\n\t--x;\n}\n"},
		{"BEGIN { if (x) y = 1; else { z = 2; } if (a) { b = 1 } }",
			"BEGIN\n{\n\tif (x) y = 1; else {\n\t\tz = 2;\n\t}\n\tif (a) {\n\t\tb = 1;\n\t}\n}\n"},
		{"BEGIN { x = $1 + $$2; y = $target; printf(\"%d\", - -x); }",
			"BEGIN\n{\n\tx = $1 + $$2;\n\ty = $target;\n\tprintf(\"%d\", - -x);\n}\n"},
		{"BEGIN { x = 'a' + '\\n' + 0x10 + 010 + 10ul; y = `curthread; z = vmlinux`jiffies; }",
			"BEGIN\n{\n\tx = 'a' + '\\n' + 0x10 + 010 + 10ul;\n\ty = `curthread;\n\tz = vmlinux`jiffies;\n}\n"},
		// Declarations.
		{"int x; self string s; this uint64_t t; int a[int, string]; self int *p; char buf[64];",
			"int x;\nself string s;\nthis uint64_t t;\nint a[int, string];\nself int *p;\nchar buf[64];\n"},
		{"typedef unsigned long long my_t; my_t v; BEGIN { v = (my_t)1; }",
			"typedef unsigned long long my_t;\nmy_t v;\nBEGIN\n{\n\tv = (my_t)1;\n}\n"},
		{"inline int MAX = 10; inline string NAME = \"x\";", "inline int MAX = 10;\ninline string NAME = \"x\";\n"},
		{"struct s { int a; char *b; unsigned c : 3; }; union u { int i; long l; } uu; enum e { A, B = 3, C };",
			"struct s {\n\tint a;\n\tchar *b;\n\tunsigned c : 3;\n};\nunion u {\n\tint i;\n\tlong l;\n} uu;\nenum e {\n\tA,\n\tB = 3,\n\tC\n};\n"},
		{"translator struct out < struct in *P > { a = P->x; b = 1; };",
			"translator struct out < struct in * P > {\n\ta = P->x;\n\tb = 1;\n};\n"},
		{"#!/usr/sbin/dtrace -s\n#pragma D option quiet\n#pragma D option bufsize=4m\nBEGIN\n{\n#pragma D option flowindent\n}\n",
			"#!/usr/sbin/dtrace -s\n#pragma D option quiet\n#pragma D option bufsize=4m\n#pragma D option flowindent\nBEGIN\n{\n}\n"},
		{"BEGIN { x = xlate <struct foo *>(y); }", "BEGIN\n{\n\tx = xlate <struct foo *>(y);\n}\n"},
		{"BEGIN /a / 2 == 1/ { }", "BEGIN\n/a / 2 == 1/\n{\n}\n"},
	} {
		prog := mustParse(t, tc.src)
		got := ast.String(prog)
		if got != tc.want {
			t.Errorf("%q printed as\n%s\nwant\n%s", tc.src, got, tc.want)
			continue
		}
		// The printed text parses to a tree that prints the same.
		again := mustParse(t, got)
		if s := ast.String(again); s != got {
			t.Errorf("%q: round trip changed the text:\n%s\nthen\n%s", tc.src, got, s)
		}
	}
}

// sexpr prints an expression fully parenthesised, to check structure.
func sexpr(x ast.Expr) string {
	switch x := x.(type) {
	case *ast.BinaryExpr:
		return fmt.Sprintf("(%s %s %s)", sexpr(x.X), x.Op, sexpr(x.Y))
	case *ast.AssignExpr:
		return fmt.Sprintf("(%s %s %s)", sexpr(x.LHS), x.Op, sexpr(x.RHS))
	case *ast.UnaryExpr:
		return fmt.Sprintf("(%s%s)", x.Op, sexpr(x.X))
	case *ast.PostfixExpr:
		return fmt.Sprintf("(%s%s)", sexpr(x.X), x.Op)
	case *ast.CondExpr:
		return fmt.Sprintf("(%s ? %s : %s)", sexpr(x.Cond), sexpr(x.Then), sexpr(x.Else))
	case *ast.CastExpr:
		return fmt.Sprintf("(cast %s %s)", ast.String(x.Type), sexpr(x.X))
	case *ast.ParenExpr:
		return sexpr(x.X)
	case *ast.SelectorExpr:
		return fmt.Sprintf("(%s%s%s)", sexpr(x.X), x.Op, x.Sel.Name)
	case *ast.IndexExpr:
		var ks []string
		for _, k := range x.Index {
			ks = append(ks, sexpr(k))
		}
		return fmt.Sprintf("(%s[%s])", sexpr(x.X), strings.Join(ks, ", "))
	case *ast.CallExpr:
		var as []string
		for _, a := range x.Args {
			as = append(as, sexpr(a))
		}
		return fmt.Sprintf("%s(%s)", sexpr(x.Fun), strings.Join(as, ", "))
	case *ast.SizeofExpr:
		if x.Type != nil {
			return "(sizeof " + ast.String(x.Type) + ")"
		}
		return "(sizeof " + sexpr(x.X) + ")"
	}
	return ast.String(x)
}

func TestPrecedence(t *testing.T) {
	for _, tc := range []struct{ expr, want string }{
		{"a + b * c", "(a + (b * c))"},
		{"a * b + c", "((a * b) + c)"},
		{"a - b - c", "((a - b) - c)"},
		{"a || b ^^ c && d", "(a || (b ^^ (c && d)))"},
		{"a ^^ b || c", "((a ^^ b) || c)"},
		{"a | b ^ c & d", "(a | (b ^ (c & d)))"},
		{"a == b < c", "(a == (b < c))"},
		{"a << 1 + 2", "(a << (1 + 2))"},
		{"a & b == c", "(a & (b == c))"},
		{"a = b = c", "(a = (b = c))"},
		{"a += b ? c : d", "(a += (b ? c : d))"},
		{"a ? b : c ? d : e", "(a ? b : (c ? d : e))"},
		{"a ? b, c : d", "(a ? (b , c) : d)"},
		{"-a * b", "((-a) * b)"},
		{"!a && b", "((!a) && b)"},
		{"*p->q", "(*(p->q))"},
		{"&a[1]", "(&(a[1]))"},
		{"(int)a + b", "((cast int a) + b)"},
		{"(char *)p->x", "(cast char * (p->x))"},
		{"(a)+b", "(a + b)"},
		{"x++ + ++y", "((x++) + (++y))"},
		{"sizeof a + 1", "((sizeof a) + 1)"},
		{"self->x++ < 10", "((self->x++) < 10)"},
		{"@a[k1, k2] = sum(x * 2)", "((@a[k1, k2]) = sum((x * 2)))"},
		{"a->b.c[1](2)", "(((a->b).c)[1])(2)"},
		{"~a % b / c", "(((~a) % b) / c)"},
	} {
		prog := mustParse(t, "BEGIN { "+tc.expr+"; }")
		x := prog.Clauses[0].Body.List[0].(*ast.ExprStmt).X
		if got := sexpr(x); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.expr, got, tc.want)
		}
	}
}

func TestCastToUnknownTypedef(t *testing.T) {
	src := "BEGIN { a = (ipha_t *)arg0; b = (pid_t)arg1; c = (mytype_t)arg2; d = (x)(y); e = (x) - y; f = (x)++; }"
	prog := mustParse(t, src)
	var got []string
	for _, st := range prog.Clauses[0].Body.List {
		got = append(got, sexpr(st.(*ast.ExprStmt).X.(*ast.AssignExpr).RHS))
	}
	want := []string{"(cast ipha_t * arg0)", "(cast pid_t arg1)", "(cast mytype_t arg2)", "x(y)", "(x - y)", "(x++)"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// With type knowledge, an unknown name is an identifier, as in DTrace.
	known := &Options{IsType: func(name string) bool { return name == "ipha_t" }}
	if _, err := ParseProgram("t.d", []byte("BEGIN { c = (mytype_t)arg2; }"), known); err == nil ||
		diag.First(err).Msg != `syntax error near "arg2"` {
		t.Errorf("with IsType: %v", err)
	}
	if _, err := ParseProgram("t.d", []byte("BEGIN { a = (ipha_t *)arg0; }"), known); err != nil {
		t.Errorf("with IsType: %v", err)
	}
}

func TestProbeDescs(t *testing.T) {
	prog := mustParse(t, `BEGIN, tick-1sec, syscall::read*:entry, proc:::exec-success, syscall:::, read:entry, fbt:kernel:vn_read:entry, a\:b:c {}`)
	want := [][4]string{
		{"", "", "", "BEGIN"}, {"", "", "", "tick-1sec"}, {"syscall", "", "read*", "entry"},
		{"proc", "", "", "exec-success"}, {"syscall", "", "", ""}, {"", "", "read", "entry"},
		{"fbt", "kernel", "vn_read", "entry"}, {"", `a\`, "b", "c"},
	}
	descs := prog.Clauses[0].Probes
	if len(descs) != len(want) {
		t.Fatalf("%d descriptions", len(descs))
	}
	for i, d := range descs {
		if got := [4]string{d.Provider, d.Module, d.Function, d.Name}; got != want[i] {
			t.Errorf("%s: fields %q, want %q", d.Text, got, want[i])
		}
	}
	if descs[2].Text != "syscall::read*:entry" || prog.Position(descs[2].Pos()).Column != 19 {
		t.Errorf("desc 2: %q at %v", descs[2].Text, prog.Position(descs[2].Pos()))
	}
}

func TestMacroSubstitutionInDescs(t *testing.T) {
	opts := &Options{MacroArgs: []string{"x.d", "read"}, MacroVars: map[string]string{"target": "1234"}}
	prog, err := ParseProgram("x.d", []byte("pid$target::malloc:entry, syscall::$1:entry {}"), opts)
	if err != nil {
		t.Fatal(err)
	}
	d := prog.Clauses[0].Probes
	if d[0].Provider != "pid1234" || d[1].Function != "read" || d[0].Text != "pid$target::malloc:entry" {
		t.Errorf("got %+v %+v", *d[0], *d[1])
	}
	for _, tc := range []struct{ text, field string }{
		{"syscall::$$1:entry", "read"}, {"syscall::x$1y:entry", "xready"}, {"syscall::$target:entry", "1234"},
	} {
		prog, err := ParseProgram("x.d", []byte(tc.text+" {}"), opts)
		if err != nil || prog.Clauses[0].Probes[0].Function != tc.field {
			t.Errorf("%s: %v %+v", tc.text, err, prog)
		}
	}
	for _, text := range []string{"syscall::$2:entry", "pid$nosuch:::", "syscall::$:entry", "pid$targetx:::"} {
		_, err = ParseProgram("x.d", []byte(text+" {}"), opts)
		want := `invalid probe description "` + text + `": Undefined macro variable in probe description`
		if e := diag.First(err); e == nil || e.Tag != diag.D_PDESC_INVAL || e.Msg != want {
			t.Errorf("%s: %v", text, err)
		}
	}
}

func TestPragmas(t *testing.T) {
	prog := mustParse(t, "#pragma D option quiet\n#pragma D option bufsize=4m\n#pragma ident \"@(#)x.d\"\n#pragma D depends_on module vmlinux\n# 12 \"foo.d\"\nBEGIN{}")
	if len(prog.Pragmas) != 5 {
		t.Fatalf("%d pragmas", len(prog.Pragmas))
	}
	if n, v, ok := prog.Pragmas[1].Option(); !ok || n != "bufsize" || v != "4m" {
		t.Errorf("option: %q %q %v", n, v, ok)
	}
	if pr := prog.Pragmas[2]; pr.Directive != "ident" || len(pr.Args) != 1 || pr.Args[0] != `"@(#)x.d"` {
		t.Errorf("ident pragma %+v", pr)
	}
	if pr := prog.Pragmas[3]; pr.Directive != "depends_on" || len(pr.Args) != 2 || pr.Args[1] != "vmlinux" {
		t.Errorf("depends_on pragma %+v", pr)
	}
	if !prog.Pragmas[4].Line || prog.Pragmas[4].Words[0] != "12" || prog.Pragmas[4].Directive != "line" {
		t.Errorf("line marker %+v", prog.Pragmas[4])
	}
	if prog.Position(prog.Pragmas[3].Pos()).Line != 4 {
		t.Errorf("pragma line %v", prog.Position(prog.Pragmas[3].Pos()))
	}
}

func TestProbeSpec(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"BEGIN", ""},
		{"syscall::read:entry", ""},
		{"int*", ""},
		{"syscall::read:entry { @[execname] = count(); }", ""},
		{"BEGIN { x = }", `godtrace: invalid probe specifier BEGIN { x = }: [D_SYNTAX] syntax error near "}"`},
		{"BEGIN { printf(\"%d\", 1) ", `godtrace: invalid probe specifier BEGIN { printf("%d", 1) : [D_SYNTAX] syntax error near end of input`},
		{"BEGIN /x/", `godtrace: invalid probe specifier BEGIN /x/: [D_SYNTAX] expected actions { } following probe description and predicate`},
	} {
		prog, err := ParseProbeSpec(tc.text, nil)
		if tc.want == "" {
			if err != nil || len(prog.Clauses) != 1 {
				t.Errorf("%q: %v", tc.text, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%q: no error", tc.text)
			continue
		}
		if got := diag.Format("godtrace", tc.text, false, diag.First(err), true); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.text, got, tc.want)
		}
	}
	prog, _ := ParseProbeSpec("int*", nil)
	if prog.Clauses[0].Probes[0].Name != "int*" {
		t.Errorf("int* parsed as %+v", prog.Clauses[0].Probes[0])
	}
}

func TestPositions(t *testing.T) {
	src := "BEGIN\n{\n\tx = a +\n\t    b;\n}\n"
	prog := mustParse(t, src)
	st := prog.Clauses[0].Body.List[0].(*ast.ExprStmt)
	as := st.X.(*ast.AssignExpr)
	bin := as.RHS.(*ast.BinaryExpr)
	for _, tc := range []struct {
		n         ast.Node
		line, col int
		text      string
	}{
		{as, 3, 2, "x = a +\n\t    b"},
		{bin, 3, 6, "a +\n\t    b"},
		{bin.Y, 4, 6, "b"},
		{st, 3, 2, "x = a +\n\t    b;"},
		{prog.Clauses[0], 1, 1, src[:len(src)-1]},
	} {
		p := prog.Position(tc.n.Pos())
		if p.Line != tc.line || p.Column != tc.col {
			t.Errorf("%T at %d:%d, want %d:%d", tc.n, p.Line, p.Column, tc.line, tc.col)
		}
		if got := src[tc.n.Pos().Offset():tc.n.End().Offset()]; got != tc.text {
			t.Errorf("%T spans %q, want %q", tc.n, got, tc.text)
		}
	}
	// Every node lies within its parent.
	var stack []ast.Node
	ast.Inspect(prog, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if len(stack) > 0 {
			parent := stack[len(stack)-1]
			if n.Pos() < parent.Pos() || n.End() > parent.End() {
				t.Errorf("%T [%d,%d) outside %T [%d,%d)", n, n.Pos(), n.End(), parent, parent.Pos(), parent.End())
			}
		}
		stack = append(stack, n)
		return true
	})
	_ = token.NoPos
}

func TestDeepNesting(t *testing.T) {
	for _, src := range []string{
		"BEGIN { x = " + strings.Repeat("(", 20000) + "1" + strings.Repeat(")", 20000) + "; }",
		"BEGIN { x = " + strings.Repeat("-", 20000) + "1; }",
		"BEGIN { " + strings.Repeat("if (x) {", 20000) + strings.Repeat("}", 20001),
		"BEGIN { " + strings.Repeat("if (x) ", 20000) + "y = 1; }",
		"BEGIN { x = " + strings.Repeat("a ? b : ", 20000) + "c; }",
		"BEGIN { " + strings.Repeat("a = ", 20000) + "c; }",
	} {
		_, err := ParseProgram("deep.d", []byte(src), nil)
		if e := diag.First(err); e == nil || e.Msg != "memory exhausted" {
			t.Errorf("%.30q...: %v", src, err)
		}
	}
	// 1,000 levels are fine, and print back in linear time.
	mustParse(t, "BEGIN { x = "+strings.Repeat("(", 1000)+"1"+strings.Repeat(")", 1000)+"; }")
	src := "BEGIN { x = " + strings.Repeat("- ", 3000) + "1; }"
	if got := ast.String(mustParse(t, src)); !strings.Contains(got, strings.Repeat("- ", 2999)+"-1;") {
		t.Errorf("deep unary chain printed as %.60q...", got)
	}
}
