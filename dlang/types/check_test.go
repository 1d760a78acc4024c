// This file tests the checker on D programs: programs that must check
// cleanly (with the types and constants they must get) and programs that
// must fail with DTrace's tag and message.

package types_test

import (
	"fmt"
	"github.com/cilium/ebpf/btf"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/parser"
	"github.com/godtrace/godtrace/dlang/types"
	"github.com/godtrace/godtrace/runtime/ktypes"
)

func parse(t testing.TB, src string) *ast.Program {
	t.Helper()
	prog, err := parser.ParseProgram("test.d", []byte(src), &parser.Options{IsType: ktypes.Default().IsType})
	if err != nil {
		e := diag.First(err)
		t.Fatalf("parse %q: %v (%v)", src, err, e)
	}
	return prog
}

func checkSrc(t testing.TB, src string, conf *types.Config) (*ast.Program, *types.Info, error) {
	t.Helper()
	prog := parse(t, src)
	if conf == nil {
		conf = &types.Config{MacroArgs: []string{"test.d"}, Kernel: ktypes.Default()}
	}
	info, err := types.Check(prog, conf)
	return prog, info, err
}

// testConfig is the configuration of the golden tests: macro arguments
// $0..$2 and the argument types of a few probes, as the kernel's probe
// catalogue would give them.
func testConfig(name string) *types.Config {
	return &types.Config{
		MacroArgs: []string{name, "42", "foo", `a\tb\n\001`},
		ArgRef:    true, // the tests do not use every argument
		Macros:    map[string]int64{"target": 0, "pid": 1234},
		Kernel:    ktypes.Default(),
		ProbeArgs: func(d *ast.ProbeDesc) ([]string, error) {
			switch {
			case d.Name == "BEGIN" || d.Name == "END":
				return nil, nil
			case d.Provider == "syscall" && d.Function == "read" && d.Name == "entry":
				return []string{"int", "char *", "size_t"}, nil
			case d.Provider == "syscall" && d.Function == "openat" && d.Name == "entry":
				return []string{"int", "const char __user *", "int", "umode_t"}, nil
			case d.Provider == "syscall" && d.Function == "sendmsg" && d.Name == "entry":
				return []string{"int", "struct user_msghdr __user *", "unsigned int"}, nil
			case d.Provider == "sched" && d.Name == "on-cpu":
				return []string{"struct task_struct *"}, nil
			}
			return nil, fmt.Errorf("no argument types for %s", d.Text)
		},
	}
}

// TestGolden checks testdata/err.D_TAG.name.d against the exact DTrace
// message in err.D_TAG.name.r, and that testdata/tst.*.d check cleanly.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.d")
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			_, _, cerr := checkSrc(t, string(src), testConfig(name))
			switch {
			case strings.HasPrefix(name, "tst."):
				if cerr != nil {
					t.Fatalf("unexpected error: %s", diag.Format("dtrace", name, true, diag.First(cerr), true))
				}
			case strings.HasPrefix(name, "err."):
				want, err := os.ReadFile(strings.TrimSuffix(f, ".d") + ".r")
				if err != nil {
					t.Fatal(err)
				}
				if cerr == nil {
					t.Fatalf("checked cleanly; want\n%s", want)
				}
				e := diag.First(cerr)
				got := diag.Format("dtrace", name, true, e, true) + "\n"
				if got != string(want) {
					t.Errorf("got\n%s\nwant\n%s", got, want)
				}
				if tag := strings.Split(name, ".")[1]; e.Tag.String() != tag {
					t.Errorf("tag %s, file name says %s", e.Tag, tag)
				}
			}
		})
	}
}

// traceArg checks "probe { trace(EXPR); }" and returns the type and
// constant value of EXPR.
func traceArg(t *testing.T, probe, expr string) (types.Type, *types.Const, *types.Info, error) {
	t.Helper()
	prog, info, err := checkSrc(t, probe+"\n{\n\ttrace("+expr+");\n}\n", testConfig("test.d"))
	if err != nil {
		return nil, nil, info, err
	}
	call := prog.Clauses[0].Body.List[0].(*ast.ExprStmt).X.(*ast.CallExpr)
	arg := call.Args[0]
	var c *types.Const
	if v, ok := info.Consts[arg]; ok {
		c = &v
	}
	return info.Types[arg], c, info, nil
}

func TestExprTypes(t *testing.T) {
	const noConst = "-"
	for _, tc := range []struct {
		probe, expr, typ string
		val              string // constant value (%#x of the 64 bits, or the string); "-" if not constant
	}{
		{"BEGIN", "1", "int", "0x1"},
		{"BEGIN", "0x7fffffff", "int", "0x7fffffff"},
		{"BEGIN", "0x80000000", "unsigned int", "0x80000000"},
		{"BEGIN", "2147483648", "long", "0x80000000"},
		{"BEGIN", "1u", "unsigned int", "0x1"},
		{"BEGIN", "1ul", "unsigned long", "0x1"},
		{"BEGIN", "1ll", "long long", "0x1"},
		{"BEGIN", "0xffffffffffffffff", "unsigned long", "0xffffffffffffffff"},
		{"BEGIN", "'a'", "int", "0x61"},
		{"BEGIN", "1 + 2", "int", "0x3"},
		{"BEGIN", "1 - 2", "int", "0xffffffffffffffff"},
		{"BEGIN", "-1 / 2", "int", "0x0"},
		{"BEGIN", "-7 % 4", "int", "0xfffffffffffffffd"},
		{"BEGIN", "1 << 4", "int", "0x10"},
		{"BEGIN", "-1", "int", "0xffffffffffffffff"},
		{"BEGIN", "-1u", "unsigned int", "0xffffffff"},
		{"BEGIN", "~0", "int", "0xffffffffffffffff"},
		{"BEGIN", "!5", "int", "0x0"},
		{"BEGIN", "3 > 2 && 1", "int", "0x1"},
		{"BEGIN", "(char)300", "char", "0x2c"},
		{"BEGIN", "(unsigned char)-1", "unsigned char", "0xff"},
		{"BEGIN", "(int)0xffffffffff", "int", "0xffffffffffffffff"},
		{"BEGIN", "sizeof(int)", "size_t", "0x4"},
		{"BEGIN", "sizeof(uint64_t)", "size_t", "0x8"},
		{"BEGIN", `sizeof("abc")`, "size_t", "0x4"},
		{"BEGIN", "sizeof(execname)", "size_t", "0x100"},
		{"BEGIN", "1 ? 2 : 3", "int", "0x2"},
		{"BEGIN", "NULL", "long", "0x0"},
		{"BEGIN", "SIGKILL", "int", "0x9"},
		{"BEGIN", "ENOENT + 1", "int", "0x3"},
		{"BEGIN", "$1", "int", "0x2a"},
		{"BEGIN", "$$1", "string", "42"},
		{"BEGIN", "$pid", "int", "0x4d2"},
		{"BEGIN", `"abc"`, "string", "abc"},
		{"BEGIN", "-1 < 1", "int", "0x1"},
		{"BEGIN", "-1 < 1u", "int", "0x0"}, // unsigned comparison
		{"BEGIN", "-1 <= -1", "int", "0x1"},
		{"BEGIN", "2 > -1", "int", "0x1"},
		{"BEGIN", "2u >= 3u", "int", "0x0"},
		{"BEGIN", "5 ^ 3", "int", "0x6"},
		{"BEGIN", "5 | 3", "int", "0x7"},
		{"BEGIN", "5 & 3", "int", "0x1"},
		{"BEGIN", "1 ^^ 1", "int", "0x0"},
		{"BEGIN", "0 || 2", "int", "0x1"},
		{"BEGIN", "3 == 3", "int", "0x1"},
		{"BEGIN", "3 != 3", "int", "0x0"},
		{"BEGIN", "1 << 64", "int", "0x0"},
		{"BEGIN", "-8 >> 1", "int", "0x7ffffffffffffffc"}, // a logical 64-bit shift, as DTrace folds
		{"BEGIN", "7u / 2", "unsigned int", "0x3"},
		{"BEGIN", "7u % 2", "unsigned int", "0x1"},
		{"BEGIN", "6 * 7", "int", "0x2a"},
		{"BEGIN", "1l + 1", "long", "0x2"},
		{"BEGIN", "1ll + 1l", "long long", "0x2"},
		{"BEGIN", "(long)1 + 1", "long", "0x2"},
		{"BEGIN", "+5", "int", "0x5"},
		{"BEGIN", "(1, 2)", "int", "0x2"},
		{"BEGIN", "'ab'", "int", "0x6162"},
		{"BEGIN", "$$3", "string", "a\tb\n\x01"},
		{"BEGIN", "timestamp", "uint64_t", noConst},
		{"BEGIN", "timestamp - 1", "uint64_t", noConst},
		{"BEGIN", "vtimestamp", "uint64_t", noConst},
		{"BEGIN", "walltimestamp", "int64_t", noConst},
		{"BEGIN", "pid", "pid_t", noConst},
		{"BEGIN", "pid + 1", "pid_t", noConst},
		{"BEGIN", "tid", "id_t", noConst},
		{"BEGIN", "uid", "uid_t", noConst},
		{"BEGIN", "cpu", "processorid_t", noConst},
		{"BEGIN", "execname", "string", noConst},
		{"BEGIN", "arg0", "int64_t", noConst},
		{"BEGIN", "errno", "int", noConst},
		{"BEGIN", "caller", "uintptr_t", noConst},
		{"BEGIN", "stackdepth", "uint32_t", noConst},
		{"BEGIN", "curthread", "struct task_struct *", noConst},
		{"BEGIN", "curthread->real_parent->tgid", "pid_t", noConst},
		{"BEGIN", "curthread->comm", "char [16]", noConst},
		{"BEGIN", "curpsinfo->pr_ppid", "pid_t", noConst},
		{"BEGIN", "timestamp > 5", "int", noConst},
		{"BEGIN", `execname == "dd"`, "int", noConst},
		{"BEGIN", `strlen("x")`, "size_t", noConst},
		{"BEGIN", `substr("abc", 1)`, "string", noConst},
		{"BEGIN", "stringof(1)", "string", noConst},
		{"BEGIN", "htons(80)", "uint16_t", noConst},
		{"BEGIN", "(char *)arg0", "char *", noConst},
		{"BEGIN", "arg0 ? 1 : 2", "int", noConst},
		{"BEGIN", `arg0 ? "a" : execname`, "string", noConst},
		{"BEGIN", "(uint32_t)arg0 + 1", "uint32_t", noConst},
		{"BEGIN", "arg0 + 1u", "int64_t", noConst},
		{"BEGIN", "(uint64_t)arg0 * 2", "uint64_t", noConst},
		{"BEGIN", "(short)arg0 + (short)arg1", "short", noConst},
		{"syscall::read:entry", "args[0]", "int", noConst},
		{"syscall::read:entry", "args[1]", "char *", noConst},
		{"syscall::read:entry", "args[2]", "size_t", noConst},
		{"sched:::on-cpu", "args[0]->pid", "pid_t", noConst},
	} {
		ty, c, _, err := traceArg(t, tc.probe, tc.expr)
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		if ty == nil || ty.String() != tc.typ {
			t.Errorf("%s: type %v, want %s", tc.expr, ty, tc.typ)
		}
		got := noConst
		if c != nil {
			if c.IsString {
				got = c.Str
			} else {
				got = fmt.Sprintf("%#x", c.Int)
			}
		}
		if got != tc.val {
			t.Errorf("%s: value %s, want %s", tc.expr, got, tc.val)
		}
	}
}

func TestInfo(t *testing.T) {
	src := `
BEGIN { x = 1; self->y = "s"; this->z = timestamp; a[pid, "k"] = 3; @c[execname] = count(); @s = sum(1); }
END { printa("%s %@u\n", @c); trace(curthread->real_parent->tgid); }
`
	prog, info, err := checkSrc(t, src, testConfig("test.d"))
	if err != nil {
		t.Fatal(err)
	}
	want := func(vs []*types.Var, n int, desc ...string) {
		t.Helper()
		if len(vs) != n {
			t.Fatalf("%d variables, want %d", len(vs), n)
		}
		for i, v := range vs {
			got := fmt.Sprintf("%s %s %s %v", v.Scope, v.Name, v.Type, v.Keys)
			if got != desc[i] {
				t.Errorf("var %d: %q, want %q", i, got, desc[i])
			}
		}
	}
	want(info.Globals, 2, "global x int []", "global a int [pid_t string]")
	want(info.ThreadLocals, 1, "thread-local y string []")
	want(info.ClauseLocals, 1, "clause-local z uint64_t []")
	if len(info.Aggregations) != 2 {
		t.Fatalf("aggregations: %v", info.Aggregations)
	}
	c, s := info.Aggregations[0], info.Aggregations[1]
	if c.Name != "c" || c.Func.Name != "count" || len(c.Keys) != 1 || c.Keys[0].String() != "string" || c.ID != 0 {
		t.Errorf("@c: %+v", c)
	}
	if s.Name != "s" || s.Func.Name != "sum" || len(s.Keys) != 0 || s.ID != 1 {
		t.Errorf("@s: %+v", s)
	}
	// Every call is resolved, every expression typed.
	calls, exprs := 0, 0
	ast.Inspect(prog, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			calls++
			if info.Calls[n] == nil {
				t.Errorf("call at %v not resolved", prog.Position(n.Pos()))
			}
		case *ast.SelectorExpr:
			if f := info.Members[n]; f == nil || f.Offset == 0 {
				t.Errorf("member %s: %+v", n.Sel.Name, f)
			}
		}
		if e, ok := n.(ast.Expr); ok {
			exprs++
			if info.Types[e] == nil {
				t.Errorf("%T at %v has no type", e, prog.Position(e.Pos()))
			}
		}
		return true
	})
	if calls != 4 || exprs < 20 {
		t.Errorf("walked %d calls, %d expressions", calls, exprs)
	}
	var printa *ast.CallExpr
	for c, b := range info.Calls {
		if b.Name == "printa" {
			printa = c
		}
	}
	if fi := info.Formats[printa]; fi == nil || fi.Agg != c || len(fi.Format.Conversions()) != 2 {
		t.Errorf("printa format: %+v", fi)
	}
	if !info.KernelTypes {
		t.Error("KernelTypes not set after curthread")
	}
}

// TestNoKernel checks that a program using no kernel type never loads BTF.
func TestNoKernel(t *testing.T) {
	loads := 0
	conf := testConfig("test.d")
	conf.Kernel = ktypes.New(func() (*btf.Spec, error) { loads++; return nil, fmt.Errorf("BTF unavailable") })
	prog := parse(t, "BEGIN { x = timestamp; printf(\"%d %s\\n\", pid, execname); @[probefunc] = count(); }\n")
	if _, err := types.Check(prog, conf); err != nil {
		t.Fatal(err)
	}
	if loads != 0 {
		t.Fatalf("BTF loaded %d times", loads)
	}
	prog = parse(t, "BEGIN { trace(curthread->pid); }\n")
	_, err := types.Check(prog, conf)
	if err == nil || loads != 1 {
		t.Fatalf("curthread without BTF: err %v, loads %d", err, loads)
	}
}

// genScript generates a D script of n clauses in the style of the course's
// scripts: predicates, thread-locals, aggregations, printf.
func genScript(n int) string {
	var b strings.Builder
	b.WriteString("#pragma D option quiet\n\nBEGIN\n{\n\tstart = timestamp;\n}\n\n")
	for i := 0; i < n; i++ {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "syscall::read:entry\n/execname == \"io-static\" && arg2 > %d/\n{\n\tself->ts%d = timestamp;\n\t@bytes%d[probefunc] = sum(arg2);\n}\n\n", i, i, i)
		case 1:
			fmt.Fprintf(&b, "syscall::read:return\n/self->ts%d/\n{\n\t@lat%d = quantize(timestamp - self->ts%d);\n\tself->ts%d = 0;\n}\n\n", i-1, i, i-1, i-1)
		case 2:
			fmt.Fprintf(&b, "profile-997\n/pid == %d/\n{\n\t@st%d[stack(), execname] = count();\n\tx%d = (arg0 + %d) * 2;\n}\n\n", 1000+i, i, i, i)
		case 3:
			fmt.Fprintf(&b, "tick-1sec\n/x%d > 0 || curthread->real_parent->tgid == %d/\n{\n\tprintf(\"%%s %%d %%u\\n\", execname, pid, timestamp - start);\n\tprinta(\"%%k %%s %%@d\\n\", @st%d);\n}\n\n", i-1, i, i-1)
		}
	}
	b.WriteString("END\n{\n\ttrace(\"done\");\n\texit(0);\n}\n")
	return b.String()
}

func TestGenerated(t *testing.T) {
	src := genScript(1000)
	prog, info, err := checkSrc(t, src, testConfig("gen.d"))
	if err != nil {
		t.Fatal(diag.Format("dtrace", "gen.d", true, diag.First(err), true))
	}
	if len(prog.Clauses) != 1002 || len(info.Aggregations) != 750 {
		t.Fatalf("%d clauses, %d aggregations", len(prog.Clauses), len(info.Aggregations))
	}
}

// BenchmarkParseCheck1000 parses and checks a generated 1,000-clause
// script (goal: under 20 ms).
func BenchmarkParseCheck1000(b *testing.B) {
	src := []byte(genScript(1000))
	ktypes.Default().Spec() // BTF is read once per process; not part of the goal
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		prog, err := parser.ParseProgram("gen.d", src, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := types.Check(prog, testConfig("gen.d")); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the CPU time this process used, in ns: on a loaded machine
// it measures the work better than the wall clock (it includes the
// garbage collector's work on other threads).
func cpuTime() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkCheck1000 checks the already parsed script.
func BenchmarkCheck1000(b *testing.B) {
	prog, err := parser.ParseProgram("gen.d", []byte(genScript(1000)), nil)
	if err != nil {
		b.Fatal(err)
	}
	ktypes.Default().Spec()
	b.ReportAllocs()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := types.Check(prog, testConfig("gen.d")); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
}

// TestConcurrent checks programs using kernel types from several
// goroutines at once (run with -race): Check shares the process-wide
// kernel type cache.
func TestConcurrent(t *testing.T) {
	src := "BEGIN { trace(curthread->real_parent->tgid); trace(curthread->mm->arg_start); trace(d_path(&curthread->fs->pwd)); printf(\"%d\", strlen(execname)); }\n"
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		go func() {
			prog, err := parser.ParseProgram("c.d", []byte(src), nil)
			if err == nil {
				_, err = types.Check(prog, testConfig("c.d"))
			}
			errs <- err
		}()
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestMacroIdent checks that a macro argument whose text is an identifier
// stands for that identifier, as DTrace's lexer substitutes it.
func TestMacroIdent(t *testing.T) {
	conf := testConfig("m.d")
	conf.MacroArgs = []string{"m.d", "execname", "-5", `"quoted str"`, "12ul"}
	prog, info, err := checkSrc(t, "BEGIN { trace($1); trace($2); trace($3); trace($4); }\n", conf)
	if err != nil {
		t.Fatal(err)
	}
	args := func(i int) ast.Expr {
		return prog.Clauses[0].Body.List[i].(*ast.ExprStmt).X.(*ast.CallExpr).Args[0]
	}
	if b := info.Builtins[args(0)]; b == nil || b.Name != "execname" || info.Types[args(0)].String() != "string" {
		t.Errorf("$1: %v %v", b, info.Types[args(0)])
	}
	if c := info.Consts[args(1)]; int64(c.Int) != -5 || info.Types[args(1)].String() != "int" {
		t.Errorf("$2: %+v %v", c, info.Types[args(1)])
	}
	if c := info.Consts[args(2)]; !c.IsString || c.Str != "quoted str" {
		t.Errorf("$3: %+v", c)
	}
	if c := info.Consts[args(3)]; c.Int != 12 || info.Types[args(3)].String() != "unsigned long" {
		t.Errorf("$4: %+v %v", c, info.Types[args(3)])
	}
}

func TestStrsizePragma(t *testing.T) {
	ty, c, _, err := traceArg(t, "#pragma D option strsize=1k\nBEGIN", "sizeof(execname)")
	if err != nil || ty.String() != "size_t" || c == nil || c.Int != 1024 {
		t.Fatalf("sizeof(execname) with strsize=1k: %v %+v %v", ty, c, err)
	}
	if _, _, info, _ := traceArg(t, "#pragma D option strsize=1k\nBEGIN", "1"); info.StrSize != 1024 {
		t.Fatalf("Info.StrSize %d", info.StrSize)
	}
	if _, _, info, _ := traceArg(t, "BEGIN", "1"); info.StrSize != 256 {
		t.Fatalf("Info.StrSize %d", info.StrSize)
	}
}

func TestStructLayout(t *testing.T) {
	src := `
struct s { char a; int b; unsigned int f1 : 3; unsigned int f2 : 30; short c; long d; };
union u { char c[3]; int i; };
struct s v;
BEGIN { trace(sizeof(struct s)); trace(sizeof(union u)); trace(v.f2); }
`
	prog, info, err := checkSrc(t, src, testConfig("s.d"))
	if err != nil {
		t.Fatal(err)
	}
	stmts := prog.Clauses[0].Body.List
	val := func(i int) uint64 {
		return info.Consts[stmts[i].(*ast.ExprStmt).X.(*ast.CallExpr).Args[0]].Int
	}
	// a@0 b@4 f1@bit 64 (3 bits) f2 does not fit the rest of that unit:
	// bit 96; c@16 d@24: size 32.
	if val(0) != 32 || val(1) != 4 {
		t.Errorf("sizeof struct s %d, union u %d; want 32, 4", val(0), val(1))
	}
	sel := stmts[2].(*ast.ExprStmt).X.(*ast.CallExpr).Args[0].(*ast.SelectorExpr)
	if f := info.Members[sel]; f == nil || f.Offset != 96 || f.BitSize != 30 {
		t.Errorf("f2: %+v", f)
	}
}

// TestSnippets checks one-clause programs: "" means the program must check
// cleanly, otherwise the first error's tag.
func TestSnippets(t *testing.T) {
	for _, tc := range []struct{ src, tag string }{
		{`BEGIN { @a[1] = count(); @a[2]; }`, "D_AGG_NULL"},
		{`BEGIN { @a[1] = count(); trace(@a[1]); }`, "D_TRACE_DYN"},
		{`BEGIN { trace(uregs[0]); }`, ""},
		{`BEGIN { trace(uregs[pid]); }`, "D_PROTO_ARG"},
		{`BEGIN { trace(args[pid]); }`, "D_PROTO_ARG"},
		{`BEGIN { x = 1; x[1] = 2; }`, "D_DEREF_NONPTR"},
		{`BEGIN { x = 1; x[1, 2] = 2; }`, "D_ARR_BADREF"},
		{`BEGIN { x = "a"; x[1, 2] = 2; }`, "D_ARR_BADREF"},
		{`BEGIN { x = "a"; trace(x[execname]); }`, "D_OP_INCOMPAT"},
		{`BEGIN { a[1] = 1; trace(a); }`, "D_IDENT_BADREF"},
		{`BEGIN { strlen[1] = 2; }`, "D_IDENT_BADREF"},
		{`BEGIN { x = trace; }`, "D_IDENT_BADREF"},
		{`BEGIN { self->a[1] = 1; self->a[1, 2] = 2; }`, "D_PROTO_LEN"},
		{`BEGIN { self->a[1] = "x"; self->a[2] = 3; }`, "D_OP_INCOMPAT"},
		{`BEGIN { this->x = 1; trace(this->x); }`, ""},
		{`BEGIN { x++; y = x; }`, ""},
		{`BEGIN { x += 1; }`, "D_VAR_UNDEF"},
		{`BEGIN { self->x++; trace(self->x); }`, ""},
		{`BEGIN { s = "a"; s++; }`, "D_OP_SCALAR"},
		{`BEGIN { p = (void *)arg0; p++; }`, "D_OP_VFPTR"},
		{`BEGIN { p = (int *)arg0; p++; p += 2; x = p - (int *)0; }`, ""},
		{`BEGIN { x = (char *)arg0 - (int *)arg1; }`, "D_OP_INCOMPAT"},
		{`BEGIN { trace(1 ? "a" : 1); }`, ""}, // folded: only "a" is checked
		{`BEGIN { trace(arg0 ? "a" : execname); }`, ""},
		{`BEGIN { trace(arg0 ? (char *)0 : (void *)1); }`, ""},
		{`BEGIN { trace(execname ? 1 : 2); }`, "D_OP_SCALAR"},
		{`BEGIN { x = (1, 2); }`, ""},
		{`BEGIN { @a = count(); x = (1, @a); }`, "D_OP_DYN"},
		{`BEGIN { trace((string)arg0); }`, ""},
		{`BEGIN { trace((int)execname); }`, "D_CAST_INVAL"},
		{`BEGIN { trace((struct task_struct *)arg0); }`, ""},
		{`BEGIN { trace((struct nosuch_x *)arg0); }`, ""},
		{`BEGIN { trace(((struct nosuch_x *)arg0)->a); }`, "D_OP_INCOMPLETE"},
		{`BEGIN { trace(sizeof(struct nosuch_x)); }`, "D_SIZEOF_TYPE"},
		{`BEGIN { trace(offsetof(int, a)); }`, "D_OFFSETOF_TYPE"},
		{`BEGIN { trace(offsetof(struct task_struct, nosuch)); }`, "D_UNKNOWN"},
		{`BEGIN { trace(offsetof(struct task_struct, pid)); }`, ""},
		{`BEGIN { trace(-execname); }`, "D_OP_ARITH"},
		{`BEGIN { trace(~execname); }`, "D_OP_INT"},
		{`BEGIN { trace(execname << 1); }`, "D_OP_INT"},
		{`BEGIN { trace(execname && 1); }`, "D_OP_SCALAR"},
		{`BEGIN { trace(&1); }`, "D_ADDROF_LVAL"},
		{`BEGIN { trace(&curthread->pid); }`, ""},
		{`BEGIN { trace(*curthread->real_parent); }`, ""},
		{`BEGIN { trace(curthread.pid); }`, "D_OP_SOU"},
		{`BEGIN { trace(curthread->comm[0]); }`, ""},
		{`BEGIN { trace(execname[0]); }`, ""},
		{`BEGIN { trace(stringof(curthread->comm)); }`, ""},
		{`BEGIN { trace(stringof(curthread)); }`, ""},
		{`BEGIN { x = execname; x = curthread->comm; }`, ""},
		{`BEGIN { x = curthread; x = 0; }`, ""},
		{`BEGIN { x = curthread; x = 1; }`, "D_OP_INCOMPAT"},
		{`BEGIN { x = (char *)arg0; x = (void *)arg1; }`, ""},
		{`BEGIN { x = (char *)arg0; x = (int *)arg1; }`, "D_OP_INCOMPAT"},
		{`BEGIN { trace(strjoin(execname, curthread->comm)); }`, ""},
		{`BEGIN { trace(copyinstr(arg0, 10)); }`, ""},
		{`BEGIN { trace(copyinstr(arg0, 10, 2)); }`, "D_PROTO_LEN"},
		{`BEGIN { trace(copyinstr()); }`, "D_PROTO_LEN"},
		{`BEGIN { trace(copyinstr(execname)); }`, "D_PROTO_ARG"},
		{`BEGIN { printf("%d", 1, 2); }`, "D_PRINTF_ARG_EXTRA"},
		{`BEGIN { printf(execname); }`, "D_PRINTF_ARG_FMT"},
		{`BEGIN { printf(1); }`, "D_PROTO_ARG"},
		{`BEGIN { printf(); }`, "D_PROTO_LEN"},
		{`BEGIN { printf("%*d\n", execname, 1); }`, "D_PRINTF_DYN_TYPE"},
		{`BEGIN { printf("%*d\n"); }`, "D_PRINTF_DYN_PROTO"},
		{`BEGIN { printf("%k\n", stack()); }`, "D_CG_EXPR"},
		{`BEGIN { printf("%a %s %p\n", func(arg0), probefunc, curthread); }`, "D_CG_EXPR"},
		{`BEGIN { printf("%d %lld %x %hd %c %s %%\n", pid, arg0, arg1, (short)1, 'c', execname); }`, ""},
		{`BEGIN { system("ls %s", execname); }`, ""},
		{`BEGIN { freopen("/tmp/x%d", pid); freopen(""); }`, ""},
		{`BEGIN { @a[1, "x"] = count(); @b[2, "y"] = sum(1); printa("%d %s %@d %@d\n", @a, @b); }`, ""},
		{`BEGIN { @a[1] = count(); @b["y"] = sum(1); printa(@a, @b); }`, "D_PRINTA_AGGPROTO"},
		{`BEGIN { @a = count(); printa(); }`, "D_PROTO_LEN"},
		{`BEGIN { @a = count(); printa("%d"); }`, "D_PRINTA_PROTO"},
		{`BEGIN { @a[1] = count(); printa(@a[1]); }`, "D_PRINTA_AGGARG"},
		{`BEGIN { printa(@nosuch); }`, "D_IDENT_UNDEF"},
		{`BEGIN { clear(1); }`, "D_CLEAR_AGGARG"},
		{`BEGIN { @a = count(); normalize(@a, "x"); }`, "D_PROTO_ARG"},
		{`BEGIN { @a = count(); trunc(@a, "x"); }`, "D_PROTO_ARG"},
		{`BEGIN { normalize(1, 2); }`, "D_NORMALIZE_AGGARG"},
		{`BEGIN { trunc(1); }`, "D_TRUNC_AGGARG"},
		{`BEGIN { @a = count(); @a = count(); @b = max(1); @b = max(2); }`, ""},
		{`BEGIN { @a = quantize(1, 2); @b = quantize(1, "x"); }`, "D_PROTO_ARG"},
		{`BEGIN { @a = lquantize(1, 0, 10, 1, 5); }`, ""},
		{`BEGIN { @a = lquantize(1, 0, 10, 1, 5, 6); }`, "D_PROTO_LEN"},
		{`BEGIN { @a = lquantize(1, pid, 10); }`, "D_LQUANT_BASETYPE"},
		{`BEGIN { @a = lquantize(1, 0, pid); }`, "D_LQUANT_LIMTYPE"},
		{`BEGIN { @a = lquantize(1, 0x100000000, 0x200000000); }`, "D_LQUANT_BASEVAL"},
		{`BEGIN { @a = lquantize(1, 0, 10, 20); }`, "D_LQUANT_STEPLARGE"},
		{`BEGIN { @a = lquantize(1, 0, 10, 100000); }`, "D_LQUANT_STEPVAL"},
		{`BEGIN { @a = lquantize(1, 0, 200000, 1); }`, "D_LQUANT_STEPSMALL"},
		{`BEGIN { @a = lquantize(1, 0, 10); @a = lquantize(1, 0, 20); }`, "D_LQUANT_MATCHLIM"},
		{`BEGIN { @a = lquantize(1, 0, 10, 2); @a = lquantize(1, 0, 10, 5); }`, "D_LQUANT_MATCHSTEP"},
		{`BEGIN { @a = llquantize(1, 10, 0, 6, 20); @a = llquantize(2, 10, 0, 6, 20); }`, ""},
		{`BEGIN { @a = llquantize(1, 1, 0, 6, 20); }`, "D_LLQUANT_FACTORVAL"},
		{`BEGIN { @a = llquantize(1, 0x10000, 0, 6, 20); }`, "D_LLQUANT_FACTORVAL"},
		{`BEGIN { @a = llquantize(1, 10, 7, 6, 20); }`, "D_LLQUANT_HMAGVAL"},
		{`BEGIN { @a = llquantize(1, 10, 6, 6, 20); }`, ""}, // low == high is allowed
		{`BEGIN { @a = llquantize(1, 10, 0, 0x10000, 20); }`, "D_LLQUANT_HMAGVAL"},
		{`BEGIN { @a = llquantize(1, 10, 0, 30, 20); }`, "D_LLQUANT_HMAGVAL"}, // 10^31 overflows
		{`BEGIN { @a = llquantize(1, 10, 0, 6, 25); }`, "D_LLQUANT_STEPVAL"},
		{`BEGIN { @a = llquantize(1, 10, 0, 6, 3); }`, "D_LLQUANT_STEPVAL"},
		{`BEGIN { @a = llquantize(1, 10, 0, 6, 5); }`, ""},
		{`BEGIN { @a = llquantize(1, 10, 2, 6, 300); }`, "D_LLQUANT_STEPVAL"},
		{`BEGIN { @a = llquantize(1, 10, 2, 6, 100); }`, ""},
		{`BEGIN { @a = llquantize(1, 10, 0, 6, 0); }`, "D_LLQUANT_STEPTYPE"},
		{`BEGIN { @a = llquantize(1, 10, 0, 6, pid); }`, "D_LLQUANT_STEPTYPE"},
		{`BEGIN { @a = llquantize(1, 10, pid, 6, 20); }`, "D_LLQUANT_LMAGTYPE"},
		{`BEGIN { @a = llquantize(1, 10, 0x10000, 6, 20); }`, "D_LLQUANT_LMAGVAL"},
		{`BEGIN { @a = llquantize(1, 10, 0, pid, 20); }`, "D_LLQUANT_HMAGTYPE"},
		{`BEGIN { @a = llquantize(1, 10, 0, 6, 20); @a = llquantize(1, 10, 0, 6, 10); }`, "D_LLQUANT_MATCHSTEPS"},
		{`BEGIN { @a = llquantize(1, pid, 0, 6, 20); }`, "D_LLQUANT_FACTORTYPE"},
		{`BEGIN { @a = llquantize(1, 10, 0, 6, 20); @a = llquantize(1, 10, 1, 6, 20); }`, "D_LLQUANT_MATCHLMAG"},
		{`BEGIN { @a = llquantize(1, 10, 0, 6, 20); @a = llquantize(1, 2, 0, 6, 4); }`, "D_LLQUANT_MATCHFACTOR"},
		{`BEGIN { @a[stack(), ustack(), func(arg0), usym(arg1)] = count(); }`, ""},
		{`BEGIN { @a[stack(0)] = count(); }`, "D_STACK_SIZE"},
		{`BEGIN { @a[trace(1)] = count(); }`, "D_KEY_TYPE"},
		{`BEGIN { @a[printf("x")] = count(); }`, "D_KEY_TYPE"},
		{`BEGIN { @a[exit(0)] = count(); }`, "D_KEY_TYPE"},
		{`BEGIN { @a[count()] = count(); }`, "D_KEY_TYPE"},
		{`BEGIN { @a[(void)1] = count(); }`, "D_KEY_TYPE"},
		{`BEGIN { @a[1] = count(); @b = count(); @a[2] = sum(3); }`, "D_AGG_REDEF"},
		{`BEGIN { @ = count(); printa(@); }`, ""},
		{`BEGIN { @a += 1; }`, "D_VAR_UNDEF"},
		{`BEGIN { ustack(5, 100); jstack(); ustack(5, -1); }`, "D_USTACK_STRSIZE"},
		{`BEGIN { tracemem(execname, 16); }`, "D_TRACEMEM_ADDR"},
		{`BEGIN { trace(count()); }`, "D_TRACE_DYN"},
		{`BEGIN { trace(trace(1)); }`, "D_TRACE_VOID"},
		{`BEGIN { x = trace(1); }`, "D_OP_INCOMPAT"},
		{`BEGIN { x = strlen("a") + trace(1); }`, "D_OP_INCOMPAT"},
		{`BEGIN { x = strlen("a") * trace(1); }`, "D_OP_ARITH"},
		{`BEGIN { if (execname) trace(1); }`, "D_PRED_SCALAR"},
		{`BEGIN { if (pid) { trace(1); } else { x = 2; } }`, ""},
		{`BEGIN { exit(0); exit(1); }`, ""},
		{`BEGIN { self->s = speculation(); speculate(self->s); speculate(self->s); }`, "D_SPEC_SPEC"},
		{`BEGIN { commit(1); commit(2); }`, "D_COMM_COMM"},
		{`BEGIN { trace(1); commit(1); }`, "D_COMM_DREC"},
		{`BEGIN { commit(1); speculate(1); }`, "D_SPEC_COMM"},
		{`BEGIN { commit(1); @a = count(); }`, "D_AGG_COMM"},
		{`BEGIN { speculate(1); @a = count(); }`, "D_AGG_SPEC"},
		{`BEGIN { speculate(1); stop(); }`, "D_ACT_SPEC"},
		{`BEGIN { commit(1); trace(1); }`, "D_DREC_COMM"},
		{`BEGIN { speculate(1); trace(1); discard(1); }`, ""},
		{`BEGIN { speculate(1); copyout((void *)arg0, arg1, 4); }`, "D_ACT_SPEC"},
		{`BEGIN { speculate(1); x = 1; }`, ""},
		{`BEGIN { commit(1); exit(0); }`, "D_DREC_COMM"},
		{`char a[2]; BEGIN { addr = (uintptr_t)&a[0]; }`, ""},
		{`BEGIN { trace($$1); trace($1 + 1); trace($target); trace($$target); }`, ""},
		{`BEGIN { trace($2); }`, "D_IDENT_UNDEF"}, // "foo": an identifier
		{`BEGIN { trace($0); }`, ""},              // "snip.d": a string
		{`BEGIN { trace(100 / 0); }`, "D_DIV_ZERO"},
		{`BEGIN { trace(100 % (3 - 3)); }`, "D_DIV_ZERO"},
		{`BEGIN { trace(100 / (1 ? 0 : 1)); }`, "D_DIV_ZERO"},
		{`BEGIN { x = 0; trace(100 / x); }`, ""},
		{`BEGIN { trace(0x7fffffffffffffff + 1); }`, ""},
		{`BEGIN { trace(curpsinfo->pr_psargs); trace(curlwpsinfo->pr_lwpid); }`, ""},
		{`BEGIN { trace(curpsinfo->pr_nosuch); }`, "D_TYPE_MEMBER"},
		{`BEGIN { trace(xlate <int> (1)); }`, "D_XLATE_NONE"},
		{`BEGIN { trace(d_path(&curthread->fs->pwd)); }`, ""},
		{`BEGIN { trace(xlate <psinfo_t *> ((struct task_struct *)arg0)->pr_ppid); }`, ""},
		{`BEGIN { trace(xlate <psinfo_t *> (arg0)->pr_ppid); }`, "D_XLATE_NONE"},
		{`BEGIN { trace(xlate <psinfo_t *> (curthread->real_parent)->pr_psargs); }`, "D_XLATE_NOCONV"},
		{`BEGIN { x = xlate <psinfo_t *> (curthread); }`, "D_UNKNOWN"},
		{`BEGIN { p = (char *)arg0; trace(p == NULL); p = NULL; trace(NULL); }`, ""},
		{`BEGIN { NULL = 1; }`, "D_OP_LVAL"},
		{`syscall::open*:return /errno == ENOENT || errno == EACCES/ { raise(SIGKILL); }`, ""},
		{`inline int EPERM = 1; BEGIN { }`, "D_DECL_IDRED"},
		{`inline int NULL = 1; BEGIN { }`, "D_DECL_IDRED"},
		{`BEGIN { trace(getmajor(curthread->signal->tty->driver->major)); trace(strtoll("12", 16)); }`, ""},
		{`BEGIN { trace(mutex_owned(&curthread->signal->cred_guard_mutex)); }`, ""},
		{`BEGIN { trace(mutex_owner(&curthread->signal->cred_guard_mutex)->pid); }`, ""},
		{`BEGIN { trace(mutex_owned(curthread)); }`, "D_PROTO_ARG"},
		{`BEGIN { trace(link_ntop(1, &arg0)); }`, ""},
		{`BEGIN { trace(inet_ntoa((ipaddr_t *)arg0)); }`, ""},
		{`BEGIN { x = rand(); y = progenyof(pid); z = speculation(); raise(9); setopt("quiet", "1"); ftruncate(); stop(); breakpoint(); panic(); chill(1); }`, ""},
		{`BEGIN { @a[execname] = count(); } tick-1s { printa("%-20s %@u\n", @a); trunc(@a, 10); clear(@a); denormalize(@a); }`, ""},
		{`BEGIN { q -= trace(0); }`, "D_VAR_UNDEF"},
		{`BEGIN { i = 1; x = i == 0 ? trace(0) : trace(1); }`, "D_OP_ACT"},
		{`BEGIN { a = "boo"; c = a == "boo" ? printf("error") : trace(); }`, "D_PROTO_LEN"},
		{`BEGIN { a = 3; a += "foobar"; }`, "D_OP_INCOMPAT"},
		{`BEGIN { @c[0][2] = count(); }`, "D_AGG_MDIM"},
		{`BEGIN { @c[0] = count(); trace(@c[0][1]); }`, "D_AGG_MDIM"},
		{`BEGIN { @c[0][2] = tick-1(); }`, "D_FUNC_IDENT"},
		{`BEGIN { @[@a] = count(); }`, "D_IDENT_UNDEF"},
		{`BEGIN { @a = count(); @[@a] = count(); }`, "D_KEY_TYPE"},
		{`BEGIN { avg(1); }`, "D_CG_EXPR"},
		{`BEGIN { @a[pid] = max(probefunc); }`, "D_AGG_SCALAR"},
		{`int q; BEGIN { q = 1; q -= alloca(10); }`, "D_OP_VFPTR"},
		{`BEGIN { printf("%s", stringof(trace(0))); }`, "D_STRINGOF_TYPE"},
		{`BEGIN { raise("x"); }`, "D_PROTO_ARG"},
	} {
		_, _, err := checkSrc(t, tc.src+"\n", testConfig("snip.d"))
		got := ""
		if err != nil {
			got = diag.First(err).Tag.String()
		}
		if got != tc.tag {
			msg := ""
			if err != nil {
				msg = diag.First(err).Msg
			}
			t.Errorf("%s\n\tgot %q (%s), want %q", tc.src, got, msg, tc.tag)
		}
	}
}

// TestDeclSnippets checks declarations: "" means the program must check
// cleanly, otherwise the first error's tag.
func TestDeclSnippets(t *testing.T) {
	for _, tc := range []struct{ src, tag string }{
		{"int x; BEGIN { x = 1; }", ""},
		{"int x; BEGIN { x = \"s\"; }", "D_OP_INCOMPAT"},
		{"int x; int x; BEGIN { }", ""},
		{"int x; long x; BEGIN { }", "D_DECL_IDRED"},
		{"int x; BEGIN { trace(x); }", ""}, // declared: no D_VAR_UNDEF
		{"self int x; BEGIN { trace(self->x); }", ""},
		{"this int x; BEGIN { trace(this->x); }", ""},
		{"this int a[int]; BEGIN { }", "D_DECL_LOCASSC"},
		{"int a[]; BEGIN { }", "D_DECL_ARRNULL"},
		{"int a[int, string]; BEGIN { a[1, \"x\"] = 2; trace(a[2, \"y\"]); }", ""},
		{"int a[int, string]; BEGIN { a[\"x\", 1] = 2; }", "D_PROTO_ARG"},
		{"int a[4]; BEGIN { a[1] = 2; trace(a[3]); }", ""},
		{"int a[pid]; BEGIN { }", "D_DECL_ARRSUB"},
		{"static int x; BEGIN { }", "D_DECL_BADCLASS"},
		{"extern int x; BEGIN { }", "D_UNKNOWN"},
		{"void x; BEGIN { }", "D_DECL_VOIDOBJ"},
		{"struct nosuch_y x; BEGIN { }", "D_DECL_INCOMPLETE"},
		{"int; BEGIN { }", "D_DECL_USELESS"},
		{"struct s { int a; }; BEGIN { }", ""},
		{"struct s { int a; }; struct s { int b; }; BEGIN { }", "D_DECL_TYPERED"},
		{"struct s { int a; int a; }; BEGIN { }", "D_UNKNOWN"},
		{"struct s { void v; }; BEGIN { }", "D_DECL_VOIDOBJ"},
		{"int a[0]; BEGIN { }", "D_DECL_ARRSUB"},
		{"int a[0x100000000]; BEGIN { }", "D_DECL_ARRBIG"},
		{"enum e { A }; enum e { B }; BEGIN { }", "D_DECL_TYPERED"},
		{"enum e { A, B = A + 3 }; BEGIN { trace(B); }", ""},
		{"struct s { int a : pid; }; BEGIN { }", "D_DECL_BFCONST"},
		{"struct s { char *p : 3; }; BEGIN { }", "D_DECL_BFTYPE"},
		{"struct s { char c : 9; }; BEGIN { }", "D_DECL_BFSIZE"},
		{"struct s { struct s *next; int v; }; struct s head; BEGIN { trace(head.next->v); }", ""},
		{"typedef int myint; myint m; BEGIN { m = 3; trace((myint)4); }", ""},
		{"typedef int myint; typedef long myint; BEGIN { }", "D_DECL_IDRED"},
		{"typedef int uint64_t; BEGIN { }", "D_DECL_IDRED"},
		{"int x; typedef int x; BEGIN { }", "D_DECL_IDRED"},
		{"enum e { A, B = 10, C }; BEGIN { trace(C); x = A; }", ""},
		{"enum e { A = pid }; BEGIN { }", "D_DECL_ENCONST"},
		{"enum e { A = 0x80000000 }; BEGIN { }", "D_DECL_ENOFLOW"},
		{"enum e { pid }; BEGIN { }", "D_DECL_IDRED"},
		{"inline int N = 4; BEGIN { trace(N * 2); }", ""},
		{"inline int N = \"s\"; BEGIN { }", "D_OP_INCOMPAT"},
		{"inline int N = 1; inline int N = 2; BEGIN { }", "D_DECL_IDRED"},
		{"inline void N = 1; BEGIN { }", "D_DECL_VOIDOBJ"},
		{"inline uint64_t NS = 1000000000; BEGIN { trace(timestamp / NS); }", ""},
		{"inline string S = execname; BEGIN { trace(S); }", ""},
		{"translator int < int x > { }; BEGIN { }", "D_UNKNOWN"},
		{"BEGIN { i = (long short)0; }", "D_UNKNOWN"},
		{"BEGIN { ++this->x; }", ""},
		{"int a1[3]; int a2[3]; BEGIN { a1[0] = 2; a2 = a1; }", "D_OP_ARRFUN"},
		{"void *vp; BEGIN { trace((int)(vp + 1)); }", "D_OP_INCOMPAT"},
		{"int arr5[5]; int *ip; BEGIN { ip = &arr5; }", "D_ADDROF_VAR"},
		{"int *ip; BEGIN { trace((int)(ip + 2)); }", ""},
		{"int *ip; int *iq; BEGIN { trace(ip - iq); trace(ip == iq); trace(ip < iq); }", ""},
		{"BEGIN { i = (long char)0; }", "D_DECL_CHARATTR"},
		{"BEGIN { i = (signed unsigned)0; }", "D_UNKNOWN"},
		{"struct dq { int h; }; BEGIN { s = (struct D`dq *)alloca(sizeof(struct D`dq)); trace(s->h); }", ""},
		{"BEGIN { trace((D`uint64_t)1); trace((vmlinux`u64)2); }", ""},
		{"BEGIN { trace(sizeof (vmlinux`nosuch_t)); }", "D_IDENT_UNDEF"},
	} {
		_, _, err := checkSrc(t, tc.src+"\n", testConfig("decl.d"))
		got, msg := "", ""
		if err != nil {
			got, msg = diag.First(err).Tag.String(), diag.First(err).Msg
		}
		if got != tc.tag {
			t.Errorf("%s\n\tgot %q (%s), want %q", tc.src, got, msg, tc.tag)
		}
	}
}

// TestPredicateFirst checks dt_cook_clause's second attempt: a clause
// whose predicate creates a variable its actions use.
func TestPredicateFirst(t *testing.T) {
	prog, info, err := checkSrc(t, "BEGIN\n/x++ == 0/\n{\n\ttrace(x);\n\ty = x;\n}\n", testConfig("p.d"))
	if err != nil {
		t.Fatal(diag.First(err))
	}
	if len(info.Globals) != 2 || info.Globals[0].Name != "x" || info.Globals[0].Type.String() != "int64_t" || info.Globals[1].Name != "y" {
		t.Fatalf("globals: %v %v", info.Globals[0], info.Globals[1:])
	}
	arg := prog.Clauses[0].Body.List[0].(*ast.ExprStmt).X.(*ast.CallExpr).Args[0]
	if info.Types[arg] == nil || info.Vars[arg] != info.Globals[0] {
		t.Fatalf("trace(x) after rollback: %v %v", info.Types[arg], info.Vars[arg])
	}
	for _, tc := range []struct{ src, tag string }{
		{"BEGIN /x == 0/ { x = 1; }", ""},
		{"BEGIN /self->x == 0/ { self->x = 1; }", ""},
		{"BEGIN /y++ && z == 1/ { trace(y + z++); }", "D_IDENT_UNDEF"},
		{"BEGIN /w/ { trace(w); }", "D_IDENT_UNDEF"},
		{"BEGIN /self->v/ { } END { self->v = 1; }", "D_VAR_UNDEF"},
		{"BEGIN /x++/ { trace(nosuch); }", "D_IDENT_UNDEF"},
		{"BEGIN /execname/ { trace(nosuch); }", "D_PRED_SCALAR"}, // the second attempt's error
		{"BEGIN /nosuch2/ { x = 1; }", "D_IDENT_UNDEF"},
	} {
		_, _, err := checkSrc(t, tc.src+"\n", testConfig("p.d"))
		got := ""
		if err != nil {
			got = diag.First(err).Tag.String()
		}
		if got != tc.tag {
			t.Errorf("%s: got %q, want %q", tc.src, got, tc.tag)
		}
	}
}

func TestRegion(t *testing.T) {
	for _, tc := range []struct{ src, region string }{
		{"BEGIN { exit(); }", "action list"},
		{"BEGIN /execname/ { }", "predicate"},
		{"BEGIN { printf(\"%d\", \"s\"); }", ""},
		{"BEGIN { trace(1/0); }", ""},
	} {
		prog, err := parser.ParseProbeSpec(tc.src, nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = types.Check(prog, testConfig("dtrace"))
		e := diag.First(err)
		if e == nil || types.Region(e) != tc.region {
			t.Errorf("%s: error %v, region %q; want %q", tc.src, e, types.Region(e), tc.region)
		}
	}
}

func TestEnumTag(t *testing.T) {
	k := ktypes.Default()
	if _, err := k.Spec(); err != nil {
		t.Skipf("no kernel BTF: %v", err)
	}
	// The kernel's enum pid_type has PIDTYPE_TGID; D knows it only when
	// it is compared with a value of that enum.
	ty, _, _, err := traceArg(t, "BEGIN", "(enum pid_type)arg0 == PIDTYPE_TGID")
	if err != nil || ty.String() != "int" {
		t.Fatalf("enum comparison: %v %v", ty, err)
	}
	if _, _, _, err := traceArg(t, "BEGIN", "PIDTYPE_TGID"); err == nil {
		t.Fatal("a kernel enum tag alone resolved")
	}
}

// TestChecker checks two programs in turn, as dtrace -n ... -n ... does:
// the second sees the first's variables and aggregations.
func TestChecker(t *testing.T) {
	ch := types.NewChecker(testConfig("dtrace"))
	p1, err := parser.ParseProbeSpec(`BEGIN { x = 1; self->s = "a"; @c[probefunc] = count(); }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ch.Check(p1); err != nil {
		t.Fatal(err)
	}
	p2, err := parser.ParseProbeSpec(`END { trace(x + 1); trace(self->s); printa(@c); }`, nil)
	if err != nil {
		t.Fatal(err)
	}
	info, err := ch.Check(p2)
	if err != nil {
		t.Fatal(diag.First(err))
	}
	if len(info.Globals) != 1 || len(info.ThreadLocals) != 1 || len(info.Aggregations) != 1 {
		t.Fatalf("carried over: %d %d %d", len(info.Globals), len(info.ThreadLocals), len(info.Aggregations))
	}
	p3, _ := parser.ParseProbeSpec(`END { x = "s"; }`, nil)
	if _, err := ch.Check(p3); err == nil || diag.First(err).Tag != diag.D_OP_INCOMPAT {
		t.Fatalf("retyping x in a later program: %v", err)
	}
	if _, err := types.Check(nil, nil); err == nil {
		t.Fatal("nil program accepted")
	}
}

// TestTranslated checks curpsinfo/curlwpsinfo members: each (but
// pr_psargs) comes with a checked D expression over curthread.
func TestTranslated(t *testing.T) {
	var members []string
	for _, tr := range []string{"psinfo_t", "lwpsinfo_t"} {
		for _, f := range types.LookupTranslator(tr).Struct.Fields() {
			v := "curpsinfo"
			if tr == "lwpsinfo_t" {
				v = "curlwpsinfo"
			}
			members = append(members, v+"->"+f.Name)
		}
	}
	n := len(members)
	for _, m := range members[:n] {
		// The same members through xlate, of curthread (as curpsinfo) and
		// of another task.
		i := strings.Index(m, "->")
		tn := "psinfo_t"
		if strings.HasPrefix(m, "curlwpsinfo") {
			tn = "lwpsinfo_t"
		}
		members = append(members, "xlate <"+tn+" *> (curthread)"+m[i:])
		if !strings.HasSuffix(m, "pr_psargs") {
			members = append(members, "xlate <"+tn+"> (curthread->real_parent)."+m[i+2:])
		}
	}
	for _, m := range members {
		prog, info, err := checkSrc(t, "BEGIN { trace("+m+"); }\n", testConfig("x.d"))
		if err != nil {
			t.Errorf("%s: %v", m, diag.First(err))
			continue
		}
		sel := prog.Clauses[0].Body.List[0].(*ast.ExprStmt).X.(*ast.CallExpr).Args[0].(*ast.SelectorExpr)
		tr := info.Translated[sel]
		if tr == nil || tr.Source == "" {
			t.Errorf("%s: no translation", m)
			continue
		}
		if tr.Member == "pr_psargs" {
			if tr.Expr != nil {
				t.Errorf("pr_psargs has an expression")
			}
			continue
		}
		if tr.Expr == nil || info.Types[tr.Expr] == nil || !types.Compatible(info.Types[tr.Expr], info.Types[sel]) {
			t.Errorf("%s: expression %v of type %v for a %v", m, tr.Expr, info.Types[tr.Expr], info.Types[sel])
		}
		if other := strings.Contains(m, "real_parent"); (tr.Input != nil) != other {
			t.Errorf("%s: Input %v", m, tr.Input)
		} else if other && !strings.Contains(ast.String(tr.Expr), "(curthread->real_parent)") {
			t.Errorf("%s: expression %s", m, ast.String(tr.Expr))
		}
	}
}

// TestUserland checks pointers into user memory: a "__user" argument is a
// userland pointer, and what is read through it is marked UserMem,
// pointers found there being userland too.
func TestUserland(t *testing.T) {
	ty, _, info, err := traceArg(t, "syscall::openat:entry", "args[1]")
	if err != nil || ty.String() != "userland char *" || !types.IsUser(ty) {
		t.Fatalf("args[1]: %v %v", ty, err)
	}
	_ = info
	prog, info, err := checkSrc(t, "syscall::sendmsg:entry { trace(args[1]->msg_namelen); trace(*args[1]->msg_iov); trace(args[1]->msg_iov[0].iov_len); trace(stringof(args[1])); }\n", testConfig("u.d"))
	if err != nil {
		t.Fatal(diag.First(err))
	}
	arg := func(i int) ast.Expr {
		return prog.Clauses[0].Body.List[i].(*ast.ExprStmt).X.(*ast.CallExpr).Args[0]
	}
	for i := 0; i < 3; i++ {
		if !info.UserMem[arg(i)] {
			t.Errorf("statement %d: not marked as user memory (%T)", i, arg(i))
		}
	}
	if info.UserMem[arg(3)] {
		t.Error("stringof(userland pointer) marked as a read")
	}
	sel := arg(1).(*ast.UnaryExpr).X.(*ast.SelectorExpr)
	if !types.IsUser(info.Types[sel]) {
		t.Errorf("msg_iov through a userland pointer: %v", info.Types[sel])
	}
	_, _, err = checkSrc(t, "syscall::openat:entry { printf(\"%s\", args[1]); }\n", testConfig("u.d"))
	if e := diag.First(err); e == nil || !strings.Contains(e.Msg, "argument: userland char *") {
		t.Errorf("printf %%s of a userland pointer: %v", e)
	}
}

// TestUnusedArg checks dtrace(1)'s refusal of an unreferenced last macro
// argument.
func TestUnusedArg(t *testing.T) {
	for _, tc := range []struct {
		src    string
		args   []string
		argref bool
		tag    string
	}{
		{"BEGIN { trace($1); }", []string{"u.d", "7"}, false, ""},
		{"BEGIN { trace(1); }", []string{"u.d", "7"}, false, "D_MACRO_UNUSED"},
		{"BEGIN { trace(1); }", []string{"u.d", "7"}, true, ""},
		{"BEGIN { trace($$2); }", []string{"u.d", "7", "b"}, false, ""}, // only the last one is checked
		{"BEGIN { trace($1); }", []string{"u.d", "7", "b"}, false, "D_MACRO_UNUSED"},
		{"syscall::$1:entry { }", []string{"u.d", "read"}, false, ""},
		{"BEGIN { }", []string{"u.d"}, false, ""},
	} {
		conf := testConfig("u.d")
		conf.MacroArgs, conf.ArgRef = tc.args, tc.argref
		prog := parse(t, tc.src+"\n")
		_, err := types.Check(prog, conf)
		got := ""
		if e := diag.First(err); e != nil {
			got = e.Tag.String()
			if got == "D_MACRO_UNUSED" && e.Msg != fmt.Sprintf("extraneous argument '%s' ($%d is not referenced)", tc.args[len(tc.args)-1], len(tc.args)-1) {
				t.Errorf("%s: message %q", tc.src, e.Msg)
			}
		}
		if got != tc.tag {
			t.Errorf("%s %v: got %q, want %q", tc.src, tc.args, got, tc.tag)
		}
	}
}

// TestDecls checks Info.Decls: each declarator's variable with its type.
func TestDecls(t *testing.T) {
	src := "struct foo { int a; char b[6]; };\ntypedef struct foo foo_t;\nstruct foo gf;\nself foo_t *p, q;\nint cnt[string];\nint gf2; int gf2;\nBEGIN { gf.a = 1; }\n"
	prog, info, err := checkSrc(t, src, testConfig("decl.d"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range prog.Decls {
		vd, ok := d.(*ast.VarDecl)
		if !ok {
			continue
		}
		for _, dd := range vd.Decls {
			v := info.Decls[dd]
			if v == nil {
				t.Fatalf("%s: no Decls entry", dd.Name.Name)
			}
			got = append(got, fmt.Sprintf("%s %s %s %d %v", v.Scope, v.Name, v.Type, v.Type.Size(), v.Keys))
		}
	}
	want := []string{
		"global gf struct foo 12 []",
		"thread-local p foo_t * 8 []",
		"thread-local q foo_t 12 []",
		"global cnt int 4 [string]",
		"global gf2 int 4 []",
		"global gf2 int 4 []",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestMerge checks that Merge joins the tables of separately checked programs and lists
// each variable once, also when a Checker's programs share their lists.
func TestMerge(t *testing.T) {
	p1, i1, err := checkSrc(t, "BEGIN { x = 1; @a = count(); }\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	p2, i2, err := checkSrc(t, "BEGIN { self->y = \"s\"; }\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	if types.Merge(i1) != i1 {
		t.Errorf("Merge of one Info is not that Info")
	}
	m := types.Merge(i1, i2)
	for _, p := range []*ast.Program{p1, p2} {
		ast.Inspect(p, func(n ast.Node) bool {
			if as, ok := n.(*ast.AssignExpr); ok && m.Types[as.RHS] == nil {
				t.Errorf("%s: no type in the merged Info", ast.String(as.RHS))
			}
			return true
		})
	}
	if len(m.Globals) != 1 || len(m.ThreadLocals) != 1 || len(m.Aggregations) != 1 {
		t.Errorf("merged lists: %d globals, %d thread-locals, %d aggregations; want 1 each",
			len(m.Globals), len(m.ThreadLocals), len(m.Aggregations))
	}
	ch := types.NewChecker(&types.Config{MacroArgs: []string{"test.d"}})
	j1, err := ch.Check(parse(t, "BEGIN { x = 1; }\n"))
	if err != nil {
		t.Fatal(err)
	}
	j2, err := ch.Check(parse(t, "BEGIN { z = x; }\n"))
	if err != nil {
		t.Fatal(err)
	}
	if g := types.Merge(j1, j2).Globals; len(g) != 2 || g[0].Name != "x" || g[1].Name != "z" {
		t.Errorf("shared Checker: merged globals %v, want x then z", g)
	}
}

// TestCompilerChecks lists the checks the compiler made a second time until it took the
// checker's Info whole (compiler/agg.go, clause.go, expr.go, member.go, print.go,
// storage.go, vars.go): each is the checker's, with DTrace's tag, so none is lost.
func TestCompilerChecks(t *testing.T) {
	for _, tc := range []struct{ src, tag string }{
		{`BEGIN { @a = 1; }`, "D_AGG_FUNC"},
		{`BEGIN { @a = lquantize(1, 0); }`, "D_PROTO_LEN"},
		{`BEGIN { @a = lquantize(1, arg0, 10); }`, "D_LQUANT_BASETYPE"},
		{`BEGIN { @a = lquantize(1, 10, 0); }`, "D_LQUANT_MISMATCH"},
		{`BEGIN { @a = lquantize(1, 0, 10, 0); }`, "D_LQUANT_STEPTYPE"},
		{`BEGIN { @a = llquantize(1, 10, 0, 2); }`, "D_PROTO_LEN"},
		{`BEGIN { @a = llquantize(1, 10, arg0, 2, 10); }`, "D_LLQUANT_LMAGTYPE"},
		{`BEGIN { @a = llquantize(1, 1, 0, 2, 10); }`, "D_LLQUANT_FACTORVAL"},
		{`BEGIN { @a = llquantize(1, 10, 3, 2, 10); }`, "D_LLQUANT_HMAGVAL"},
		{`BEGIN { @a = llquantize(1, 10, 0, 2, 0); }`, "D_LLQUANT_STEPTYPE"},
		{`BEGIN { @a = sum(); }`, "D_PROTO_LEN"},
		{`BEGIN { printa(@a); }`, "D_IDENT_UNDEF"},
		{`BEGIN { printa(); }`, "D_PROTO_LEN"},
		{`BEGIN { @a = count(); clear(1); }`, "D_CLEAR_AGGARG"},
		{`BEGIN { printf(); }`, "D_PROTO_LEN"},
		{`BEGIN { printf(execname); }`, "D_PRINTF_ARG_FMT"},
		{`BEGIN { exit(); }`, "D_PROTO_LEN"},
		{`BEGIN { trace(); }`, "D_PROTO_LEN"},
		{`BEGIN { print(); }`, "D_PROTO_LEN"},
		{`BEGIN { trace(args[0, 1]); }`, "D_PROTO_LEN"},
		{`BEGIN { trace(args[arg0]); }`, "D_PROTO_ARG"},
		{`BEGIN { if ((void)0) {} }`, "D_PRED_SCALAR"},
		{`BEGIN { trace(execname == 1); }`, "D_OP_INCOMPAT"},
		{`BEGIN { x = arg0 ? execname : 2; }`, "D_OP_INCOMPAT"},
		{`BEGIN { x = arg0 ? (void)0 : 1; }`, "D_OP_INCOMPAT"},
		{`BEGIN { (1)(2); }`, "D_FUNC_IDENT"},
		{`BEGIN { trace(copyinstr()); }`, "D_PROTO_LEN"},
		{`BEGIN { trace(strlen()); }`, "D_PROTO_LEN"},
		{`BEGIN { trace(strjoin("a")); }`, "D_PROTO_LEN"},
		{`BEGIN { trace(substr("a")); }`, "D_PROTO_LEN"},
		{`BEGIN { trace(ntohs()); }`, "D_PROTO_LEN"},
		{`BEGIN { sym(); }`, "D_PROTO_LEN"},
		{`BEGIN { s = "a"; s += 1; }`, "D_OP_INCOMPAT"},
		{`BEGIN { s = "a"; s++; }`, "D_OP_SCALAR"},
		{`BEGIN { x = y; }`, "D_IDENT_UNDEF"},
		{`BEGIN { trace(self->never); }`, "D_VAR_UNDEF"},
		{`BEGIN { trace(a[1]); }`, "D_VAR_UNDEF"},
		{`BEGIN { pid = 1; }`, "D_OP_WRITE"},
	} {
		_, _, err := checkSrc(t, tc.src+"\n", testConfig("snip.d"))
		if e := diag.First(err); e == nil || e.Tag.String() != tc.tag {
			t.Errorf("%s: got %v, want %s", tc.src, err, tc.tag)
		}
	}
}
