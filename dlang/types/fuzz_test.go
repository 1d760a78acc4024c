// This file holds the checker's fuzz target: any program the parser
// accepts must check without panicking.

package types_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/godtrace/godtrace/dlang/parser"
	"github.com/godtrace/godtrace/dlang/types"
)

func FuzzCheck(f *testing.F) {
	for _, glob := range []string{"testdata/*.d", "../parser/testdata/*.d", "../../examples/*.d", "../../testdata/unittest/*/*.d"} {
		files, _ := filepath.Glob(glob)
		for _, name := range files {
			if src, err := os.ReadFile(name); err == nil {
				f.Add(string(src))
			}
		}
	}
	f.Add(genScript(8))
	f.Fuzz(func(t *testing.T, src string) {
		prog, err := parser.ParseProgram("fuzz.d", []byte(src), nil)
		if err != nil {
			return
		}
		types.Check(prog, testConfig("fuzz.d")) // must not panic; errors are fine
	})
}
