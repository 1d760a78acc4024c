package cpp

import (
	"bytes"
	"errors"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// memFS returns a Config.ReadFile over files held in memory.
func memFS(files map[string]string) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, fs.ErrNotExist
	}
}

// presumed maps each output line to the file and line it stands for,
// following the line markers, as the D compiler reads them.
func presumed(out string) (lines []string, where []string) {
	marker := regexp.MustCompile(`^# (\d+) "([^"]*)"`)
	name, n := "", 0
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if m := marker.FindStringSubmatch(l); m != nil {
			n, _ = strconv.Atoi(m[1])
			name = m[2]
			continue
		}
		lines = append(lines, l)
		where = append(where, name+":"+strconv.Itoa(n))
		n++
	}
	return lines, where
}

// TestLinesKept checks that each token is output at the file and line it
// was written on: every word "Lf_n" of these sources is on line n of file f.
func TestLinesKept(t *testing.T) {
	files := map[string]string{
		"inc.h":      "La_1\n#define INC La_4 \\\n continued\nINC\n\n\n\n\n\n\n\n\n\n\n\nLa_16\n",
		"sub/deep.h": "Lc_1\n#include \"near.h\"\nLc_3\n",
		"sub/near.h": "Ld_1\n",
	}
	src := `L_1
/* a comment
   over lines */ L_3
#include "inc.h"
L_5 /* */ L_5
#define F(x) x
F(L_7
)
L_9



L_13















L_29
#include "sub/deep.h"
L_31
#line 100 "renamed.d"
L_100
`
	out, diags := Preprocess("main.d", []byte(src), &Config{ReadFile: memFS(files)})
	if diags.Failed() {
		t.Fatal(diags)
	}
	lines, where := presumed(string(out))
	word := regexp.MustCompile(`L(\w?)_(\d+)`)
	fileOf := map[string]string{"": "main.d", "a": "inc.h", "c": "sub/deep.h", "d": "sub/near.h"}
	seen := 0
	for i, l := range lines {
		for _, m := range word.FindAllStringSubmatch(l, -1) {
			seen++
			want := fileOf[m[1]] + ":" + m[2]
			if m[2] == "100" {
				want = "renamed.d:100"
			}
			if where[i] != want {
				t.Errorf("%s is output at %s, want %s\n%s", m[0], where[i], want, out)
			}
		}
	}
	if seen != 16 {
		t.Errorf("saw %d words, want 16\n%s", seen, out)
	}
	if !strings.Contains(string(out), "# 1 \"inc.h\" 1\n") || !strings.Contains(string(out), "# 5 \"main.d\" 2\n") {
		t.Errorf("no markers for entering and leaving inc.h:\n%s", out)
	}
}

func TestIncludeSearch(t *testing.T) {
	files := map[string]string{
		"dir/a.d":        "#include \"b.h\"\n#include <c.h>\n#include \"d.h\"\n",
		"dir/b.h":        "b_beside\n",
		"inc1/b.h":       "b_inc1\n",
		"inc1/c.h":       "c_inc1\n#include_next <c.h>\n",
		"inc2/c.h":       "c_inc2\n",
		"sys/d.h":        "d_sys\n#pragma once\n",
		"inc2/once.h":    "#pragma once\nonce\n",
		"inc2/guard.h":   "#ifndef G\n#define G\nguard\n#endif\n",
		"dir/twice.d":    "#include <once.h>\n#include <once.h>\n#include <guard.h>\n#include <guard.h>\n#import <x.h>\n#import <x.h>\n",
		"sys/x.h":        "x\n",
		"dir/computed.d": "#define H <c.h>\n#define Q \"b.h\"\n#include H\n#include Q\n",
	}
	conf := func(h *bytes.Buffer) *Config {
		return &Config{ReadFile: memFS(files), IncludeDirs: []string{"inc1", "inc2/"}, SysIncludeDirs: []string{"sys"}, Headers: h}
	}
	for _, c := range []struct{ file, toks, headers string }{
		{"dir/a.d", "b_beside c_inc1 c_inc2 d_sys", ". dir/b.h\n. inc1/c.h\n.. inc2/c.h\n. sys/d.h\n"},
		{"dir/twice.d", "once guard x", ". inc2/once.h\n. inc2/guard.h\n. inc2/guard.h\n. sys/x.h\n"},
		{"dir/computed.d", "c_inc1 c_inc2 b_beside", ". inc1/c.h\n.. inc2/c.h\n. dir/b.h\n"},
	} {
		var h bytes.Buffer
		out, diags := Preprocess(c.file, []byte(files[c.file]), conf(&h))
		if diags.Failed() {
			t.Errorf("%s: %v", c.file, diags)
			continue
		}
		if got := strings.Join(tokens(string(out)), " "); got != c.toks {
			t.Errorf("%s: tokens %q, want %q\n%s", c.file, got, c.toks, out)
		}
		if h.String() != c.headers {
			t.Errorf("%s: -H printed\n%s\nwant\n%s", c.file, h.String(), c.headers)
		}
	}
}

func TestDefines(t *testing.T) {
	src := "A B C F(2) D __FILE__ __LINE__ __INCLUDE_LEVEL__ __BASE_FILE__ __COUNTER__ __COUNTER__ __DATE__ __TIME__\n"
	when := time.Date(2026, time.March, 4, 5, 6, 7, 0, time.UTC)
	out, diags := Preprocess("x.d", []byte(src), &Config{Time: when,
		Defines: []Define{D("A"), D("B=2"), D("C=a b"), D("F(x)=x+x"), D("D=1"), U("D"), U("NOT_DEFINED")}})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	want := `1 2 a b 2 + 2 D "x.d" 1 0 "x.d" 0 1 "Mar  4 2026" "05:06:07"`
	if got := strings.Join(tokens(string(out)), " "); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	_, diags = Preprocess("x.d", nil, &Config{Defines: []Define{D("1x"), U("a b"), D("A=1"), D("A=2")}})
	var b bytes.Buffer
	diags.Print(&b)
	wantDiags := `<command-line>: error: macro names must be identifiers
<command-line>: error: macro names must be identifiers
<command-line>: warning: "A" redefined
<command-line>: note: this is the location of the previous definition
`
	if b.String() != wantDiags {
		t.Errorf("diagnostics\n%s\nwant\n%s", b.String(), wantDiags)
	}
	if diags.Err() == nil {
		t.Error("no error for a bad -D")
	}
}

func TestShebangAndPragmas(t *testing.T) {
	src := "#!/usr/sbin/dtrace -Cs\n#pragma D option quiet\n  #pragma D option bufsize=16k\nBEGIN { x = 1; }\n#ident \"v1\"\n"
	out, diags := Preprocess("s.d", []byte(src), nil)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	want := "# 1 \"s.d\"\n\n#pragma D option quiet\n  #pragma D option bufsize=16k\nBEGIN { x = 1; }\n#ident \"v1\"\n"
	if string(out) != want {
		t.Errorf("output\n%q\nwant\n%q", out, want)
	}
}

func TestFatalReadError(t *testing.T) {
	boom := errors.New("Input/output error")
	_, diags := Preprocess("m.d", []byte("a\n#include \"e.h\"\nb\n"), &Config{ReadFile: func(n string) ([]byte, error) {
		if n == "e.h" {
			return nil, boom
		}
		return nil, fs.ErrNotExist
	}})
	var b bytes.Buffer
	diags.Print(&b)
	if want := "m.d:2: fatal error: e.h: Input/output error\ncompilation terminated.\n"; b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestExpansionLimit(t *testing.T) {
	src := "#define A B B\n#define B C C\n#define C D D\n#define D E E\n#define E F F\n#define F G G\n#define G 1 1\nA A A A\n"
	_, diags := Preprocess("m.d", []byte(src), &Config{MaxTokens: 200})
	if !diags.Failed() || !strings.Contains(diags.Error(), "macro expansion produced more than 200 tokens") {
		t.Errorf("diagnostics %v", diags)
	}
}
