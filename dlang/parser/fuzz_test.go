// This file implements FuzzParse and the differential test of the two
// program-structure drivers (hand-written and participle).

package parser

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
)

// outcome summarises a parse: the printed tree, or the rendered error.
func outcome(prog *ast.Program, err error, script bool) string {
	if err != nil {
		e := diag.First(err)
		if e == nil {
			return "non-diag error: " + err.Error()
		}
		return diag.Format("godtrace", "f.d", script, e, true) + " @" + e.Pos.String()
	}
	return ast.String(prog)
}

// checkSource parses src both ways, as a script and as a probe specifier,
// and checks that the drivers agree and that printed trees round-trip.
func checkSource(t *testing.T, src []byte) {
	for _, script := range []bool{true, false} {
		p1, e1 := parseWith("f.d", src, nil, script, false)
		p2, e2 := parseWith("f.d", src, nil, script, true)
		o1, o2 := outcome(p1, e1, script), outcome(p2, e2, script)
		if o1 != o2 {
			t.Fatalf("script=%v: drivers disagree on %q:\nhand:       %s\nparticiple: %s", script, src, o1, o2)
		}
		if e1 != nil {
			if diag.First(e1) == nil {
				t.Fatalf("error is not a diag.List: %v", e1)
			}
			continue
		}
		if msg := checkSpans(p1, len(src)); msg != "" {
			t.Fatalf("script=%v: %q: %s", script, src, msg)
		}
		p3, e3 := parseWith("f.d", []byte(o1), nil, script, false)
		if e3 != nil {
			t.Fatalf("script=%v: printed tree of %q does not parse: %v\n%s", script, src, e3, o1)
		}
		if o3 := ast.String(p3); o3 != o1 {
			t.Fatalf("script=%v: round trip of %q changed:\n%s\nthen\n%s", script, src, o1, o3)
		}
	}
}

func TestDriversAgree(t *testing.T) {
	files, err := filepath.Glob("testdata/*.d")
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts in testdata: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(f), func(t *testing.T) { checkSource(t, src) })
	}
	for _, src := range []string{
		"", "BEGIN", "BEGIN,", "BEGIN /x/", "BEGIN { x = 1 } END", "int", "int x", "1", "}", "{", "/",
		"BEGIN /x/ /y/ {}", "BEGIN {} #pragma D option quiet\n", "#pragma D option quiet\nBEGIN{}",
		"x = 1;", "BEGIN { \"abc }", "typedef int t; t x; t:::entry {}", "BEGIN { if (x) }",
	} {
		checkSource(t, []byte(src))
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.d")
	for _, file := range files {
		if src, err := os.ReadFile(file); err == nil {
			f.Add(src)
		}
	}
	f.Add(genScript(8))
	f.Fuzz(func(t *testing.T, src []byte) {
		checkSource(t, src)
	})
}

// checkSpans checks that every node has a valid span inside the source and
// inside its parent's span.
func checkSpans(prog *ast.Program, size int) string {
	var stack []ast.Node
	var msg string
	ast.Inspect(prog, func(n ast.Node) bool {
		if msg != "" {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if _, ok := n.(*ast.Program); !ok {
			if !n.Pos().IsValid() || n.End() < n.Pos() || n.End().Offset() > size {
				msg = fmt.Sprintf("%T has span [%d,%d) in a %d-byte source", n, n.Pos(), n.End(), size)
				return false
			}
		}
		if len(stack) > 0 {
			parent := stack[len(stack)-1]
			if _, ok := parent.(*ast.Program); !ok && (n.Pos() < parent.Pos() || n.End() > parent.End()) {
				msg = fmt.Sprintf("%T [%d,%d) outside its parent %T [%d,%d)", n, n.Pos(), n.End(), parent, parent.Pos(), parent.End())
				return false
			}
		}
		stack = append(stack, n)
		return true
	})
	return msg
}
