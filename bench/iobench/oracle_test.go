// This file implements tests against oracles compiled from C with the machine's gcc: the
// command line (glibc's getopt and strtol) and the rate line (io.c's single-precision
// seconds and printf's %.2F).

package iobench

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// compileC compiles testdata/name.c with gcc into a temporary directory.
func compileC(t *testing.T, name string) string {
	t.Helper()
	gcc, err := exec.LookPath("gcc")
	if err != nil {
		t.Skip("gcc is not installed (.ci/run installs it); the C oracle cannot be built")
	}
	out := filepath.Join(t.TempDir(), name)
	if b, err := exec.Command(gcc, "-O2", "-o", out, filepath.Join("testdata", name+".c")).CombinedOutput(); err != nil {
		t.Fatalf("gcc %s.c: %v\n%s", name, err, b)
	}
	return out
}

func TestCommandLineOracle(t *testing.T) {
	oracle := compileC(t, "cmdline")
	argvs := [][]string{
		{}, {"f"}, {"-r"}, {"-r", "f"}, {"-w", "f"}, {"-c", "f"}, {"f", "-r"}, {"f", "-r", "g"},
		{"-r", "--", "-f"}, {"-r", "--", "f", "g"}, {"-r", "-"}, {"-", "-w"}, {"-rr", "f"},
		{"-rBdqsv", "f"}, {"-wBdqsv", "-b", "512", "-t", "4096", "f"},
		{"-c", "-b", "512", "f"}, {"-c", "-B", "f"}, {"-c", "-d", "f"}, {"-c", "-q", "f"},
		{"-c", "-s", "f"}, {"-c", "-v", "f"}, {"-c", "-r", "f"}, {"-cw", "f"},
		{"-r", "-b8192", "f"}, {"-rb8192", "f"}, {"-rb", "8192", "f"}, {"-r", "-b", " +12", "f"},
		{"-r", "-b", "12 ", "f"}, {"-r", "-b", "", "f"}, {"-r", "-b", "0", "f"}, {"-r", "-b", "-1", "f"},
		{"-r", "-b", "1k", "f"}, {"-r", "-b", "0x10", "f"}, {"-r", "-b", "99999999999999999999", "f"},
		{"-r", "-t", "-5", "f"}, {"-r", "-t", "5", "f"}, {"-r", "-b", "-r", "f"},
		{"-r", "f", "-b"}, {"-r", "f", "-t"}, {"-r", "-x", "f"}, {"-rx", "f"}, {"--read", "f"},
		{"-r:", "f"}, {"-r;", "f"}, {"-W", "f"}, {"-r", "-?", "f"},
	}
	for _, args := range argvs {
		argv := append([]string{"prog"}, args...)
		cmd := exec.Command(oracle, args...)
		cmd.Args[0] = "prog"
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		cmd.Run()

		cfg, diag, ok := Parse(argv)
		got := "usage\n"
		if ok {
			got = fmt.Sprintf("B=%d c=%d d=%d q=%d r=%d s=%d v=%d w=%d b=%d t=%d path=%s\n",
				b2i(cfg.Bare), b2i(cfg.Create), b2i(cfg.Direct), b2i(cfg.Quiet), b2i(cfg.Read),
				b2i(cfg.Sync), b2i(cfg.Verbose), b2i(cfg.Write), cfg.BufferSize, cfg.TotalSize, cfg.Path)
		}
		if got != stdout.String() || diag != stderr.String() {
			t.Errorf("argv %q:\n got %q, diagnostic %q\nlibc %q, diagnostic %q", args, got, diag, stdout.String(), stderr.String())
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestRateLineOracle(t *testing.T) {
	oracle := compileC(t, "rate")
	cases := [][3]int64{
		{16777216, 0, 12345678}, {16777216, 0, 3262836}, {16777216, 1, 999999999},
		{16777216, 0, 1}, {1, 0, 1000}, {16777216, 12, 500000000}, {512, 0, 999},
		{16777216, 0, 0}, {1 << 40, 3, 141592653}, {16777216, 0, 87362034},
	}
	var in strings.Builder
	var want strings.Builder
	for _, c := range cases {
		fmt.Fprintf(&in, "%d %d %d\n", c[0], c[1], c[2])
		want.WriteString(rateLine(c[0], c[1], c[2]))
	}
	cmd := exec.Command(oracle)
	cmd.Stdin = strings.NewReader(in.String())
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("rate oracle: %v", err)
	}
	if string(out) != want.String() {
		t.Errorf("rate lines differ from C's:\n got %q\nwant %q", want.String(), out)
	}
}
