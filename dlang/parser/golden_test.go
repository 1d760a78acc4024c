// This file implements the golden tests over testdata: err.D_TAG.name.d
// files must fail with exactly the message in the .r beside them (rendered
// as dtrace -s -x errtags prints it, so the tag is checked too), and
// tst.name.d files (plus the lab's examples) must parse and print back to
// text that parses to the same tree. testdata/tst.lab1_seed.d is the D
// script of the L41 lab 1 notebook (io_performance_script), byte for byte.

package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
)

func TestGoldenErrors(t *testing.T) {
	files, err := filepath.Glob("testdata/err.*.d")
	if err != nil || len(files) == 0 {
		t.Fatalf("no error tests: %v", err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(strings.TrimSuffix(file, ".d") + ".r")
			if err != nil {
				t.Fatal(err)
			}
			_, perr := ParseProgram(name, src, nil)
			e := diag.First(perr)
			if e == nil {
				t.Fatalf("parsed without error")
			}
			tag := strings.Split(name, ".")[1]
			if e.Tag.String() != tag {
				t.Errorf("tag %s, want %s (%s)", e.Tag, tag, e.Msg)
			}
			got := diag.Format("godtrace", name, true, e, true)
			if got != strings.TrimRight(string(want), "\n") {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestValidScripts(t *testing.T) {
	files, err := filepath.Glob("testdata/tst.*.d")
	if err != nil || len(files) == 0 {
		t.Fatalf("no valid scripts: %v", err)
	}
	files = append(files, "../../examples/io_performance.d")
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			prog, err := ParseProgram(filepath.Base(file), src, nil)
			if err != nil {
				t.Fatalf("%s", diag.Format("godtrace", filepath.Base(file), true, diag.First(err), true))
			}
			if len(prog.Clauses) == 0 {
				t.Fatalf("no clauses")
			}
			text := ast.String(prog)
			again, err := ParseProgram("printed.d", []byte(text), nil)
			if err != nil {
				t.Fatalf("printed text does not parse: %v\n%s", err, text)
			}
			if s := ast.String(again); s != text {
				t.Errorf("round trip changed the text:\n%s\nthen\n%s", text, s)
			}
		})
	}
}
