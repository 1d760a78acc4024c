// This file implements the golden end-to-end tests of testdata/unittest, in the style of
// DTrace's test suite: each tst.*.d script runs through the real godtrace binary and its
// output must equal the .r file beside it exactly; each err.D_TAG.*.d script must fail
// with exit status 1 and the stderr given after the "-- @@stderr --" line of its .r file.
//
// Directives, in comments of the .d file:
//
//	@@runtest-opts: ARGS   command-line options before "-s FILE" (double quotes group words);
//	                        "$bin/" in ARGS is the directory of the built binaries,
//	                        "$testpid" the test process's pid (godtrace's parent)
//	@@exit: N              the expected exit status of a tst test (default 0)
//	@@timeout: SECONDS     how long the test may run (default 10)
//
// A .r file's stdout part is everything before "-- @@stderr --"; without that line stderr
// is not compared for tst tests.
package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

const stderrMark = "-- @@stderr --\n"

func TestUnittest(t *testing.T) {
	needRoot(t)
	root := "../../testdata/unittest"
	var scripts []string
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".d") &&
			(strings.HasPrefix(d.Name(), "tst.") || strings.HasPrefix(d.Name(), "err.")) {
			scripts = append(scripts, path)
		}
		return nil
	})
	if len(scripts) == 0 {
		t.Fatal("no tests found under", root)
	}
	for _, path := range scripts {
		rel, _ := filepath.Rel(root, path)
		t.Run(rel, func(t *testing.T) { runUnittest(t, path) })
	}
}

var directive = regexp.MustCompile(`@@([a-z-]+):[ \t]*([^\n*]*)`)

func runUnittest(t *testing.T, path string) {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(strings.TrimSuffix(path, ".d") + ".r")
	if err != nil {
		t.Fatalf("expected output: %v", err)
	}
	opts := ""
	status := 0
	timeout := 10 * time.Second
	for _, m := range directive.FindAllStringSubmatch(string(src), -1) {
		v := strings.TrimSpace(m[2])
		switch m[1] {
		case "runtest-opts":
			opts = strings.ReplaceAll(v, "$bin/", binDir+"/")
			opts = strings.ReplaceAll(opts, "$testpid", strconv.Itoa(os.Getpid()))
		case "exit":
			status, _ = strconv.Atoi(v)
		case "timeout":
			n, _ := strconv.Atoi(v)
			timeout = time.Duration(n) * time.Second
		}
	}
	name := filepath.Base(path)
	isErr := strings.HasPrefix(name, "err.")
	if isErr {
		status = 1
	}
	args := append(splitArgs(opts), "-s", name)
	res := runGodtrace(t, filepath.Dir(path), timeout, args...)
	wantOut, wantErr, hasErr := strings.Cut(string(want), stderrMark)
	if res.status != status {
		t.Errorf("exit status %d, want %d\nstderr:\n%s", res.status, status, res.stderr)
	}
	if res.stdout != wantOut {
		t.Errorf("stdout differs\ngot:\n%s\nwant:\n%s", res.stdout, wantOut)
	}
	if (hasErr || isErr) && res.stderr != wantErr {
		t.Errorf("stderr differs\ngot:\n%s\nwant:\n%s", res.stderr, wantErr)
	}
}

// splitArgs splits on white space, keeping double-quoted groups together.
func splitArgs(s string) []string {
	var out []string
	var cur strings.Builder
	in, any := false, false
	for _, c := range s {
		switch {
		case c == '"':
			in = !in
			any = true
		case (c == ' ' || c == '\t') && !in:
			if any {
				out = append(out, cur.String())
				cur.Reset()
				any = false
			}
		default:
			cur.WriteRune(c)
			any = true
		}
	}
	if any {
		out = append(out, cur.String())
	}
	return out
}
