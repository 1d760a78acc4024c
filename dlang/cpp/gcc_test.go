// This file compares Preprocess with gcc's cpp on the same input: the token
// sequences of the two outputs must be equal (white space and line markers
// aside). The test skips, saying why, where gcc is not installed.

package cpp

import (
	"bytes"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// gccCases are sources of the kinds D scripts hold, and the C standard's
// examples of macro replacement (C11 6.10.3.5), which exercise rescanning,
// hide sets, # and ##.
var gccCases = []struct {
	name string
	src  string
}{
	{"d-clauses", `
#define VALUE 5
#define PROBE syscall::read:entry
#define PRED(p) /p/
#pragma D option quiet
PROBE PRED(pid == $target && arg0 > VALUE)
{
	@counts[execname, probefunc] = count();
	self->ts[arg0] = timestamp;
	printf("%s %d\n", execname, VALUE);
	x = ` + "`" + `max_pfn;
}
tick-1s, profile-97 /VALUE/ { exit(0); }
fbt::vfs_read:entry { trace(args[0]->f_flags); }
pid$target:a.out:main:entry { ustack(); }
`},
	{"c11-6.10.3.5-3", `
#define x 3
#define f(a) f(x * (a))
#undef x
#define x 2
#define g f
#define z z[0]
#define h g(~
#define m(a) a(w)
#define w 0,1
#define t(a) a
#define p() int
#define q(x) x
#define r(x,y) x ## y
#define str(x) # x
f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);
g(x+(3,4)-w) | h 5) & m
(f)^m(m);
p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };
char c[2][6] = { str(hello), str() };
`},
	{"c11-6.10.3.5-5", `
#define str(s) # s
#define xstr(s) str(s)
#define debug(s, t) printf("x" # s "= %d, x" # t "= %s", \
 x ## s, x ## t)
#define INCFILE(n) vers ## n
#define glue(a, b) a ## b
#define xglue(a, b) glue(a, b)
#define HIGHLOW "hello"
#define LOW LOW ", world"
debug(1, 2);
fputs(str(strncmp("abc\0d", "abc", '\4') // this goes away
 == 0) str(: @\n), s);
xstr(INCFILE(2).h)
glue(HIGH, LOW);
xglue(HIGH, LOW)
`},
	{"c11-6.10.3.5-7", `
#define t(x,y,z) x ## y ## z
int j[] = { t(1,2,3), t(,4,5), t(6,,7), t(8,9,),
 t(10,,), t(,11,), t(,,12), t(,,) };
#define OBJ_LIKE (1-1)
#define OBJ_LIKE /* white space */ (1-1) /* other */
#define FUNC_LIKE(a) ( a )
#define FUNC_LIKE( a )( /* note the white space */ \
 a /* other stuff on this line
 */ )
`},
	{"variadic", `
#define debug(...) fprintf(stderr, __VA_ARGS__)
#define showlist(...) puts(#__VA_ARGS__)
#define report(test, ...) ((test)?puts(#test): printf(__VA_ARGS__))
debug("Flag");
debug("X = %d\n", x);
showlist(The first, second, and third items.);
report(x>y, "x is %d but y is %d", x, y);
#define e(fmt, ...) f(fmt, ## __VA_ARGS__)
e(a) e(a,b) e(a,) e(a, b, c)
#define named(args...) g(args)
named() named(1) named(1, 2)
`},
	{"paste-and-spaces", `
#define EMPTY
#define f(x) x
#define neg -1
#define cat(a, b) a ## b
#define xcat(a, b) cat(a, b)
a EMPTY b f()c x/**/y
-EMPTY-1 f(+)+ .EMPTY. -neg
cat(1, 2) cat(a, 1) cat(<, <) cat(<<, =) cat(-, >) xcat(neg, EMPTY) cat(, )
f(.) f(1)f(.5)e+f(1)
#define self self->x
self
#define recur recur + 1
recur
#define A B
#define B A
A B
#define fa(x) fb(x) x
#define fb(x) fa(x) x
fa(1) fb(2)
#define lparen (
f lparen 1)
#define g(x) [x]
g g(1) (2)
f
(3)
`},
	{"conditionals", `
#define ONE 1
#define ZERO 0
#define EXPR (ONE + 2 * 3 == 7)
#if ONE
one
#endif
#if ZERO
zero
#elif EXPR && defined ONE && defined(ZERO) && !defined NONE
expr
#else
none
#endif
#ifdef ONE
# ifndef TWO
  nested
# else
  bad
# endif
#endif
#if 0
#if 1
#error not here
#endif
don't care 'x
#else
else
#endif
#if -1 > 0u
unsigned-compare
#endif
#if (-1 >> 63) == -1 && (1 << 62) > 0 && 0x7fffffffffffffff + 0 > 0
shifts
#endif
#if 'a' == 97 && '\377' < 0 && '\n' == 10 && 'ab' == 24930
chars
#endif
#if 10 / 3 == 3 && -10 % 3 == -1 && 10u / 3 == 3 && (2 || 1 / 0) && !(0 && 1 / 0)
arith
#endif
#if 1 ? 2 : (1/0)
ternary
#endif
#if 1 ? -1 : 0u
#else
ternary-unsigned
#endif
#if UNDEFINED_NAME == 0 && ~0 == -1 && 0x10 == 16 && 010 == 8 && 0b101 == 5 && 1000000000000LL
literals
#endif
#if __LINE__ == 51
line
#endif
`},
	{"line", `
#line 100
a __LINE__
#line 200 "other.d"
b __LINE__ __FILE__
#define N 300
#line N
c __LINE__
`},
}

// tokens lexes preprocessed text, leaving out line markers.
func tokens(out string) []string {
	var toks []string
	for _, line := range strings.Split(out, "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "# ") && len(t) > 2 && t[2] >= '0' && t[2] <= '9' {
			continue
		}
		for _, t := range lexString("", line) {
			toks = append(toks, t.text)
		}
	}
	return toks
}

func gcc(t *testing.T, src string, args ...string) string {
	t.Helper()
	path, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("gcc is not installed: nothing to compare the preprocessor with")
	}
	cmd := exec.Command(path, append(append([]string{"-E", "-P", "-undef", "-x", "c"}, args...), "-")...)
	cmd.Stdin = strings.NewReader(src)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("gcc: %v\n%s", err, stderr.String())
	}
	return string(out)
}

func TestAgainstGCC(t *testing.T) {
	for _, c := range gccCases {
		t.Run(c.name, func(t *testing.T) {
			want := tokens(gcc(t, c.src))
			out, diags := Preprocess("<stdin>", []byte(c.src), &Config{})
			if diags.Failed() {
				t.Fatalf("diagnostics: %v", diags)
			}
			got := tokens(string(out))
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("tokens differ\n got: %s\nwant: %s\noutput:\n%s", strings.Join(got, " "), strings.Join(want, " "), out)
			}
		})
	}
}

// TestHeadersAgainstGCC preprocesses C library headers D scripts include
// (<endian.h> for __BYTE_ORDER, <stdint.h>, <errno.h>, <sys/syscall.h>,
// <linux/posix_types.h> ...) with the Linux target's macros, as gcc
// does with the same macros and directories.
func TestHeadersAgainstGCC(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the headers compared are Linux's")
	}
	defs := LinuxTarget(runtime.GOARCH)
	var args []string
	for _, d := range defs {
		args = append(args, "-D"+d.Arg)
	}
	dirs := LinuxIncludeDirs(runtime.GOARCH)
	// gcc's own standard macros are left out (godtrace, as dtrace on
	// illumos, defines __STDC__ itself); its private directory (stddef.h)
	// is not searched.
	args = append(args, "-U__STDC_VERSION__", "-U__STDC_HOSTED__", "-nostdinc")
	defs = append(defs, D("__STDC__=1"))
	for _, d := range dirs {
		args = append(args, "-isystem", d)
	}
	for _, h := range []string{"endian.h", "stdint.h", "errno.h", "limits.h", "linux/posix_types.h", "linux/types.h", "sys/syscall.h", "asm/unistd.h", "fcntl.h", "linux/sched.h", "linux/limits.h", "linux/fcntl.h", "features.h"} {
		t.Run(h, func(t *testing.T) {
			found := false
			for _, d := range dirs {
				if _, err := os.Stat(d + "/" + h); err == nil {
					found = true
				}
			}
			if !found {
				t.Skipf("<%s> is not installed", h)
			}
			src := "#include <" + h + ">\n"
			want := tokens(gcc(t, src, args...))
			out, diags := Preprocess("<stdin>", []byte(src), &Config{Defines: defs, SysIncludeDirs: dirs})
			if diags.Failed() {
				t.Fatalf("diagnostics: %v", diags)
			}
			got := tokens(string(out))
			if g, w := strings.Join(got, " "), strings.Join(want, " "); g != w {
				i := 0
				for i < len(got) && i < len(want) && got[i] == want[i] {
					i++
				}
				t.Errorf("tokens differ from token %d (of %d, gcc %d):\n got: %s\nwant: %s", i, len(got), len(want),
					strings.Join(got[i:min(i+30, len(got))], " "), strings.Join(want[i:min(i+30, len(want))], " "))
			}
		})
	}
}
