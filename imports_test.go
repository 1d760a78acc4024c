// This file implements the test of the import rules: data flows one way, text → AST →
// checked AST → programs and record descriptors → kernel → records → text, and no package
// imports against that flow (issue 10).

package godtrace_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/godtrace/godtrace/"

// rule forbids the packages under From (a module-relative path and everything below it)
// to depend, directly or through other packages, on any package matching one of Not.
type rule struct {
	From string
	Not  []string // module-relative prefixes ("runtime/"), or full import path prefixes
	Why  string
}

var rules = []rule{
	{"dlang/", []string{"github.com/cilium/ebpf", "compiler/", "runtime/", "record/", "driver/", "cmd/"},
		"the front end knows nothing of BPF, of code generation or of the runtime"},
	{"compiler/", []string{"runtime/", "driver/", "cmd/"},
		"the compiler imports no runtime package: what the two share is in record/"},
	{"record/", []string{"compiler/", "runtime/", "driver/", "cmd/", "dlang/ast", "dlang/parser", "dlang/scanner", "dlang/types"},
		"record/ is the leaf the compiler and the runtime share"},
	{"runtime/", []string{"driver/", "cmd/"}, "the runtime is a library of the driver and the commands, not the reverse"},
	{"driver/", []string{"cmd/"}, "the driver runs the pipeline for the commands"},
	{"bench/", []string{"cmd/"}, "the benchmarks are a library of the commands"},
	{"internal/", []string{"cmd/"}, "internal helpers serve the commands and tests"},
}

// pending are the packages still importing against the flow, with what is left to move.
// An entry that no longer breaks a rule must go: the test fails until it is removed.
var pending = map[string]string{
	"compiler": "runtime/kernel: its instruction emitter (issue 10, deliverable 2)",
}

type listed struct {
	ImportPath string
	Imports    []string
	Deps       []string
	Standard   bool
}

// goList runs go list -deps over the module: every package of it and every package they
// depend on (test files excluded: the rules are about what a package is built from).
func goList(t *testing.T) map[string]*listed {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("no go command to list the packages with (a test binary run without the toolchain): %v", err)
	}
	cmd := exec.Command("go", "list", "-deps", "-json=ImportPath,Imports,Deps,Standard", "./...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, stderr.Bytes())
	}
	pkgs := map[string]*listed{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs[p.ImportPath] = &p
	}
	return pkgs
}

// matches reports whether import path p matches the prefix pat (module-relative unless it
// names another module).
func matches(p, pat string) bool {
	if !strings.Contains(pat, ".") {
		pat = module + pat
	}
	return p == strings.TrimSuffix(pat, "/") || strings.HasPrefix(p, strings.TrimSuffix(pat, "/")+"/")
}

// chain returns the shortest import chain from p to dep, as module-relative paths.
func chain(pkgs map[string]*listed, p, dep string) string {
	prev := map[string]string{p: ""}
	queue := []string{p}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur == dep {
			var path []string
			for n := dep; n != ""; n = prev[n] {
				path = append(path, strings.TrimPrefix(n, module))
			}
			slices.Reverse(path)
			return strings.Join(path, " → ")
		}
		if lp := pkgs[cur]; lp != nil {
			for _, im := range lp.Imports {
				if _, seen := prev[im]; !seen {
					prev[im] = cur
					queue = append(queue, im)
				}
			}
		}
	}
	return strings.TrimPrefix(p, module) + " → … → " + strings.TrimPrefix(dep, module)
}

// entries returns the forbidden packages path depends on that are reached through no other
// forbidden package: where the dependency enters (cilium/ebpf/btf, not every package of
// cilium/ebpf behind it).
func entries(pkgs map[string]*listed, path string, not []string) []string {
	forbidden := func(p string) bool {
		return slices.ContainsFunc(not, func(pat string) bool { return matches(p, pat) })
	}
	var out []string
	for _, dep := range pkgs[path].Deps {
		if !forbidden(dep) {
			continue
		}
		for _, from := range append([]string{path}, pkgs[path].Deps...) {
			if lp := pkgs[from]; lp != nil && !forbidden(from) && slices.Contains(lp.Imports, dep) {
				out = append(out, dep)
				break
			}
		}
	}
	return out
}

// TestImportRules checks the package graph of `go list -deps` against the rules.
func TestImportRules(t *testing.T) {
	pkgs := goList(t)
	var ours []string
	for path, p := range pkgs {
		if !p.Standard && strings.HasPrefix(path, module) {
			ours = append(ours, path)
		}
	}
	slices.Sort(ours)
	if len(ours) < 10 {
		t.Fatalf("go list found %d packages of the module: %v", len(ours), ours)
	}
	broken := map[string]bool{}
	checked := 0
	for _, path := range ours {
		rel := strings.TrimPrefix(path, module)
		for _, r := range rules {
			if !matches(path, r.From) {
				continue
			}
			checked++
			for _, dep := range entries(pkgs, path, r.Not) {
				broken[rel] = true
				msg := "%s: %s (%s)"
				if why, ok := pending[rel]; ok {
					t.Logf("pending, "+msg+"; left to do: %s", rel, chain(pkgs, path, dep), r.Why, why)
					continue
				}
				t.Errorf(msg, rel, chain(pkgs, path, dep), r.Why)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no package of the module fell under a rule")
	}
	for rel := range pending {
		if !broken[rel] {
			t.Errorf("%s keeps the rules now: remove it from pending", rel)
		}
	}
}
