package cpp

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// FuzzPreprocess runs arbitrary text through the preprocessor, with two
// headers to include (one of them including the text itself): it must
// never panic or loop, and every line of its output must be a line marker
// the D compiler can read or text.
func FuzzPreprocess(f *testing.F) {
	for _, c := range gccCases {
		f.Add(c.src)
	}
	for _, c := range diagCases {
		f.Add(c.src)
	}
	f.Add("#include \"h.h\"\n#include <self.d>\nF(1, 2) G\n")
	f.Fuzz(func(t *testing.T, src string) {
		files := map[string]string{
			"h.h":    "#pragma once\n#define F(a, b) a ## b #a\n#define G(...) __VA_ARGS__\n",
			"self.d": src,
		}
		var headers bytes.Buffer
		out, diags := Preprocess("fuzz.d", []byte(src), &Config{
			Defines:     []Define{D("X=1"), D("Y(a)=a+X")},
			IncludeDirs: []string{"."}, ReadFile: memFS(files), Headers: &headers, MaxTokens: 1 << 14,
		})
		var b bytes.Buffer
		diags.Print(&b)
		if diags.Failed() {
			return
		}
		for _, l := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(l, "# ") && len(l) > 2 && l[2] >= '0' && l[2] <= '9' {
				if !markerRx.MatchString(l) {
					t.Fatalf("malformed line marker %q", l)
				}
			}
		}
	})
}

var markerRx = regexp.MustCompile(`^# \d+ "([^"\\]|\\.)*"( [12])?$`)
