// This file implements the compiler's kernel tests: D snippets are compiled, loaded into
// the running kernel (so the verifier accepts them) and run — BEGIN clauses through
// BPF_PROG_TEST_RUN in this thread — and their printed output is compared with what D's
// semantics say it must be. Loading needs root: these tests skip, saying so, without it.
// The tests of what the compiler emits, which load nothing, are in generate_test.go.
package compiler_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/godtrace/godtrace/compiler"
	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/types"
	"github.com/godtrace/godtrace/driver"
	"github.com/godtrace/godtrace/internal/testroot"
	"github.com/godtrace/godtrace/runtime/ktypes"
	"github.com/godtrace/godtrace/runtime/provider"
	"github.com/godtrace/godtrace/runtime/session"
)

var catalogue *provider.Catalogue

// needKernel is the start of a test that loads programs: it skips without root, and
// returns the catalogue of the kernel's probes.
func needKernel(t *testing.T) *provider.Catalogue {
	t.Helper()
	testroot.Require(t, "loading eBPF programs")
	if catalogue == nil {
		c, err := provider.Load()
		if err != nil {
			t.Fatal(err)
		}
		catalogue = c
	}
	return catalogue
}

// compile compiles src as the command line does, through the driver's steps against the
// catalogue's real probes (a nil conf is quiet; only conf.Quiet is used).
func compile(t *testing.T, src string, conf *compiler.Config) (*compiler.Object, error) {
	t.Helper()
	cat := needKernel(t)
	opts := driver.DefaultOptions()
	opts.Quiet = conf == nil || conf.Quiet
	d := driver.New(driver.Config{Prog: "test", Options: opts, Catalogue: cat,
		MacroArgs: []string{"test"}, MacroVars: driver.MacroVars(0)})
	checked, err := d.FrontEnd([]driver.Source{{Script: true, Name: "test.d", Text: src}})
	if err != nil {
		return nil, err
	}
	return d.Compile(checked)
}

// compileWith checks src and compiles it for the probes match gives each clause, through
// the driver's Parse and CompileProgram steps (a nil conf is quiet; only conf.Quiet is
// used).
func compileWith(t *testing.T, src string, conf *compiler.Config,
	match func(*testing.T, *ast.Clause) []compiler.Probe) (*compiler.Object, error) {
	t.Helper()
	opts := driver.DefaultOptions()
	opts.Quiet = conf == nil || conf.Quiet
	d := driver.New(driver.Config{Prog: "test", Options: opts, MacroArgs: []string{"test"}})
	p, err := d.Parse(driver.Source{Script: true, Name: "test.d", Text: src})
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	var matches [][]compiler.Probe
	for _, cl := range p.Prog.Clauses {
		matches = append(matches, match(t, cl))
	}
	info, err := types.Check(p.Prog, &types.Config{MacroArgs: []string{"test"}, Kernel: ktypes.Default()})
	if err != nil {
		return nil, err
	}
	return d.CompileProgram(p.Prog, []*types.Info{info}, matches)
}

// runScript compiles, loads, arms and runs src until exit(); it returns the output.
func runScript(t *testing.T, src string) (string, int) {
	t.Helper()
	obj, err := compile(t, src, nil)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	var out, errs bytes.Buffer
	s, err := session.Load(obj, session.Config{Prog: "test", Out: &out, Err: &errs,
		Printer: session.NewPrinter(&out, true, false)})
	if err != nil {
		t.Fatalf("load: %+v", err)
	}
	defer s.Close()
	if err := s.Arm(); err != nil {
		t.Fatal(err)
	}
	status, err := s.Run(context.Background(), session.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	if errs.Len() > 0 {
		t.Errorf("messages: %s", errs.String())
	}
	return out.String(), status
}

func TestSemantics(t *testing.T) {
	needKernel(t)
	for _, tc := range []struct {
		name, src, want string
	}{
		{"arith", `BEGIN { printf("%d %d %d %d %d", 2 + 3 * 4, (2 + 3) * 4, 17 / 5, 17 % 5, -17 / 5); exit(0); }`,
			"14 20 3 2 -3"},
		{"unsigned", `BEGIN { x = (unsigned int)0xffffffff; y = 1; printf("%u %d %d", x, x > y, -1 < 1u); exit(0); }`,
			// -1 < 1u compares as unsigned int in C: false.
			"4294967295 1 0"},
		{"shift", `BEGIN { printf("%d %d %x", -8 >> 1, 1 << 40 >> 38, 0xf0 ^ 0xff); exit(0); }`, "-4 4 f"},
		{"truncate", `int i; BEGIN { i = 0x1ffffffff; c = (char)300; printf("%d %d", i, c); exit(0); }`, "-1 44"},
		{"logic", `BEGIN { a = 0; b = 2; printf("%d %d %d %d %d", a && b, a || b, !a, a ^^ b, b ^^ b); exit(0); }`,
			"0 1 1 1 0"},
		{"ternary", `BEGIN { x = 5; printf("%d %s", x > 3 ? 1 : 2, x < 3 ? "lt" : "ge"); exit(0); }`, "1 ge"},
		{"if", `BEGIN { x = 5; if (x > 3) { printf("a"); } else { printf("b"); } if (x < 3) printf("c"); else if (x == 5) printf("d"); exit(0); }`,
			"ad"},
		{"strcmp", `BEGIN { s = "abc"; t = "abd"; printf("%d %d %d %d %d", s < t, s == t, s != t, s == "abc", "abc" == s); exit(0); }`,
			"1 0 1 1 1"},
		{"strvars", `BEGIN { self->s = "thread"; this->s = "clause"; g = self->s; printf("%s %s %s", g, this->s, self->s); exit(0); }`,
			"thread clause thread"},
		{"assoc", `BEGIN { a["x", 1] = 10; a["y", 1] = 20; a["x", 2] = 30; a["x", 1] += 5; printf("%d %d %d %d", a["x", 1], a["y", 1], a["x", 2], a["z", 0]); exit(0); }`,
			"15 20 30 0"},
		{"assoc-str", `BEGIN { n[1] = "one"; n[2] = "two"; printf("%s %s [%s]", n[2], n[1], n[3]); exit(0); }`,
			"two one []"},
		{"tls-delete", `BEGIN { self->x = 7; self->x = 0; self->y++; self->y++; printf("%d %d", self->x, self->y); exit(0); }`,
			"0 2"},
		{"clause-order", `BEGIN { x = 1; } BEGIN { x = x * 10 + 2; } BEGIN { printf("%d", x); exit(0); }`, "12"},
		{"pred", `BEGIN /0/ { printf("no"); } BEGIN /1 && execname == "compiler.test"/ { printf("yes"); } BEGIN { exit(0); }`,
			"yes"},
		{"exit-stops", `BEGIN { exit(4); } BEGIN { printf("ran"); } END { printf("end"); }`, "end"},
		{"timestamps", `BEGIN { t = timestamp; v = vtimestamp; w = walltimestamp; printf("%d %d %d", t > 0, v > 0, w > 1700000000000000000); exit(0); }`,
			"1 1 1"},
		{"probe-names", `BEGIN { printf("%s:%s:%s:%s", probeprov, probemod, probefunc, probename); exit(0); }`,
			"dtrace:::BEGIN"},
		{"sizeof", `BEGIN { printf("%d %d %d", sizeof(int), sizeof(char), sizeof(uint64_t)); exit(0); }`, "4 1 8"},
		{"members", `BEGIN { printf("%d %d %d %s", curthread->tgid == pid, curthread->real_parent->tgid == ppid, curthread->pid == tid, curthread->comm); exit(0); }`,
			"1 1 1 compiler.test"},
		{"strlen", `BEGIN { s = "hello"; printf("%d %d %d", strlen(s), strlen(""), strlen(execname)); exit(0); }`, "5 0 13"},
		{"stringof", `BEGIN { printf("%s", stringof(curthread->comm)); exit(0); }`, "compiler.test"},
		{"psinfo", `BEGIN { printf("%d %d %d", curpsinfo->pr_pid == pid, curpsinfo->pr_ppid == ppid, curlwpsinfo->pr_lwpid == tid); exit(0); }`,
			"1 1 1"},
		{"kernel-types", `BEGIN { printf("%d %d %d", sizeof(struct task_struct) > 1000, ((struct task_struct *)curthread)->pid == tid, offsetof(struct task_struct, pid) > 0); exit(0); }`,
			"1 1 1"},
		{"folded", `enum e { A = 3, B }; BEGIN { printf("%d %d %d", B, 2 * A + 1, sizeof(long)); exit(0); }`, "4 7 8"},
		{"byteorder", `BEGIN { printf("%x %x %x", ntohs(0x1234), htonl(0x12345678), ntohll(0x0102030405060708)); exit(0); }`,
			"3412 78563412 807060504030201"},
		{"tls-cache", `BEGIN { self->x = 1; a = self->x; self->x = 5; b = self->x; self->x = 0; c = self->x; self->x++; self->x++; printf("%d %d %d %d", a, b, c, self->x); } BEGIN { printf(" %d", self->x); exit(0); }`,
			"1 5 0 2 2"},
		{"long-tls-strings", `self string none; BEGIN { self->n = "a-rather-long-name"; a["k"] = "another-long-string"; printf("%d %d %d %d", self->n == "a-rather-long-name", a["k"] == "another-long-string", self->none == "", self->n != self->none); exit(0); }`,
			"1 1 1 1"},
		{"ternary-strings", `BEGIN { x = 1; s = x ? "eq" : "notequal"; t = x ? "abc" : execname; printf("%d %d %d %s", (x ? "eq" : "notequal") == "eq", (!x ? "eq" : "notequal") == "notequal", s == "eq", t); exit(0); }`,
			"1 1 1 abc"},
		{"print", `BEGIN { print(42); print((short)-3); print("str"); exit(0); }`,
			"int 0x2a\nshort 0xfffd\nstring \"str\"\n"},
		{"print-struct", `BEGIN { print(curthread->se.load); printf("|"); print(*curthread->real_parent->files); exit(0); }`,
			"<prefix>"},
		{"typedef-decls", `typedef unsigned char u8_t; u8_t small; self u8_t ts; struct pt { int x; }; struct pt unused; int counts[int, string]; BEGIN { small = 300; self->ts = 257; counts[1, "a"] = 2; printf("%d %d %d", small, self->ts, counts[1, "a"]); exit(0); }`,
			"44 1 2"},
		{"rand", `BEGIN { a = rand(); b = rand(); c = rand(); printf("%d", a != b || b != c); exit(0); }`, "1"},
		{"deref", `BEGIN { printf("%d %s", *(int *)((uintptr_t)curthread + offsetof(struct task_struct, pid)) == tid, stringof(curthread->comm)); exit(0); }`,
			"1 compiler.test"},
		{"strjoin-substr", `BEGIN { a = "abc"; j = strjoin(a, "def"); printf("%s|%s|%s|%s|%s|%s|%d", j, strjoin("", a), substr(j, 2), substr(j, 1, 3), substr(j, -2), substr(j, 10), strjoin(j, j) == "abcdefabcdef"); exit(0); }`,
			"abcdef|abc|cdef|bcd|ef||1"},
		{"deep", `BEGIN { a = 1; b = 2; c = 3; d = 4; e = 5; printf("%d", a + (b + (c + (d + (e + (a * b)))))); exit(0); }`,
			"17"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := runScript(t, tc.src)
			if tc.want == "<prefix>" {
				// Kernel structures: their values change, their layout does not.
				for _, w := range []string{"struct load_weight {\n    unsigned long weight = 0x", "|struct files_struct {\n    atomic_t count = {\n        int counter = 0x"} {
					if !strings.Contains(got, w) {
						t.Errorf("got %q, want it to contain %q", got, w)
					}
				}
				return
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestCheckerFacts runs what the compiler takes from the checker rather than working
// out itself: a variable first written by ++ is an int64_t and one assigned a char is a
// char (as in DTrace); a constant condition leaves only the taken branch of ?: (whose
// other branch the checker does not check); a format may be any string constant.
func TestCheckerFacts(t *testing.T) {
	needKernel(t)
	got, _ := runScript(t, `BEGIN { n++; print(n); c = (char)300; print(c); s = 1 ? execname : 2; printf("%s %s|", s, 0 ? 1 : "else"); printf($$0); exit(0); }`)
	if want := "int64_t 0x1\nchar ','\ncompiler.test else|test"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestExitStatus(t *testing.T) {
	needKernel(t)
	_, status := runScript(t, `BEGIN { exit(7); }`)
	if status != 7 {
		t.Errorf("status %d, want 7", status)
	}
}

// TestVerifierAcceptance loads (without attaching) programs for probes of every program
// type the slice uses, with the constructs the lab's scripts use.
func TestVerifierAcceptance(t *testing.T) {
	needKernel(t)
	src := `
syscall::read:entry, syscall::write:entry
/execname == "io-static" && pid != 0/
{
	self->ts = timestamp;
	self->fd = arg0;
	this->n = arg2;
	calls[probefunc, execname]++;
}

syscall::read:return, syscall::write:return
/self->ts/
{
	printf("%s %s fd=%d ret=%d errno=%d %d ns on %d\n", execname, probefunc, self->fd, arg1, errno,
	    timestamp - self->ts, cpu);
	self->ts = 0;
}

syscall::read:return
/self->ts/
{
	@lat[probefunc] = quantize(timestamp - self->ts);
	@by[tid] = count();
	@sz = lquantize(arg0, 0, 1000, 100);
	@mx[execname, pid] = max(arg0);
	@av = avg(arg0);
	@sm[probefunc] = sum(arg0);
}

syscall::openat:entry
/copyinstr(arg1) != "" && curthread->real_parent->tgid != 0/
{
	trace(copyinstr(arg0));
	print(*curthread->real_parent->files);
	this->n = *(int *)arg1;
}

proc:::exec-success, proc:::exit
{
	trace(execname);
	trace(ppid);
	trace(vtimestamp);
	trace(uid);
	trace(gid);
	trace(tid);
	trace(curthread != 0);
}
`
	obj, err := compile(t, src, &compiler.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(obj.Programs) < 5 {
		t.Errorf("%d programs, want one per probe (at least 5)", len(obj.Programs))
	}
	var out bytes.Buffer
	s, err := session.Load(obj, session.Config{Prog: "test", Out: &out, Err: &out})
	if err != nil {
		t.Fatalf("%+v", err)
	}
	s.Close()
}

// TestManyClauses: a probe with thousands of clauses is one program longer than a
// 16-bit jump can cross (TestManyClausesLongJumps checks that it is); the stack and
// scratch each clause uses are reused by the next (a hundred clauses with their own keys
// would need far more than 512 bytes of stack).
func TestManyClauses(t *testing.T) {
	needKernel(t)
	if got, _ := runScript(t, manyClauses); got != "2800" {
		t.Errorf("got %q, want %q", got, "2800")
	}
	var b strings.Builder
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&b, "BEGIN /n == %d/ { n++; @c[n %% 7, n %% 3] = count(); a[\"k\", n] = n; this->s = execname; }\n", i)
	}
	b.WriteString(`BEGIN { printf("%d %d", n, a["k", 100]); exit(0); }`)
	if got, _ := runScript(t, b.String()); got != "100 100" {
		t.Errorf("got %q, want %q", got, "100 100")
	}
}
