// This file tests the checker on D programs: programs that must check
// cleanly (with the types and constants they must get) and programs that
// must fail with DTrace's tag and message.

package types_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/parser"
	"github.com/godtrace/godtrace/dlang/types"
)

func parse(t testing.TB, src string) *ast.Program {
	t.Helper()
	prog, err := parser.ParseProgram("test.d", []byte(src), nil)
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
		conf = &types.Config{MacroArgs: []string{"test.d"}}
	}
	info, err := types.Check(prog, conf)
	return prog, info, err
}

// testConfig is the configuration of the golden tests: macro arguments
// $0..$2 and the argument types of a few probes, as the kernel's probe
// catalogue would give them.
func testConfig(name string) *types.Config {
	return &types.Config{
		MacroArgs: []string{name, "42", "foo"},
		Macros:    map[string]int64{"target": 0, "pid": 1234},
		ProbeArgs: func(d *ast.ProbeDesc) ([]string, error) {
			switch {
			case d.Name == "BEGIN" || d.Name == "END":
				return nil, nil
			case d.Provider == "syscall" && d.Function == "read" && d.Name == "entry":
				return []string{"int", "char *", "size_t"}, nil
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
