// Package python holds the notebooks' Python bridge (l41dtrace.py); this test runs its
// unittest suite with the machine's python3 against freshly built godtrace and io-static,
// so that `go test ./...` (make test) runs it and fails when it fails.
package python

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/godtrace/godtrace/internal/testroot"
)

func TestPythonBridge(t *testing.T) {
	testroot.Require(t, "the bridge's tests trace with godtrace (eBPF programs)")
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3 on this machine")
	}
	dir := t.TempDir()
	for _, b := range []struct{ out, pkg, cgo string }{
		{"godtrace", "../cmd/godtrace", "0"}, {"io-static", "../cmd/io-static", "0"},
	} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, b.out), b.pkg)
		cmd.Env = append(os.Environ(), "CGO_ENABLED="+b.cgo)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", b.pkg, err, out)
		}
	}
	cmd := exec.Command(py, "-m", "unittest", "-v")
	cmd.Env = append(os.Environ(), "GODTRACE="+filepath.Join(dir, "godtrace"), "IO_STATIC="+filepath.Join(dir, "io-static"),
		"GODTRACE_TEST_REQUIRE_ROOT=1", "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	t.Logf("python3 -m unittest -v:\n%s", out)
	if err != nil {
		t.Fatalf("the bridge's tests failed: %v", err)
	}
	if s := string(out); !strings.Contains(s, "\nOK") || strings.Contains(s, "skipped") || strings.Contains(s, "Ran 0 tests") {
		t.Fatalf("the bridge's tests did not all run")
	}
}
