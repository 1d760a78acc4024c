// This file implements the tests of the Preprocess step that need no kernel.
package driver_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/godtrace/godtrace/dlang/cpp"
	"github.com/godtrace/godtrace/driver"
)

func TestPreprocess(t *testing.T) {
	var errs bytes.Buffer
	o := driver.DefaultOptions()
	d := driver.New(driver.Config{Prog: "dtrace", Err: &errs, Options: o})
	script := driver.Source{Script: true, Name: "x.d", Text: "#define V 3\nBEGIN { trace(V); }\n"}
	// Without -C, and for -n specifiers, the text is left as it is.
	if got, err := d.Preprocess(script); err != nil || got.Text != script.Text {
		t.Errorf("without -C: %q, %v", got.Text, err)
	}
	for _, kv := range [][2]string{{"cpp", ""}, {"define", "W=4"}, {"undef", "__SVR4"}, {"stdc", "c"}} {
		if err := o.Set(kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	spec := driver.Source{Name: "BEGIN { V; }", Text: "BEGIN { V; }"}
	if got, err := d.Preprocess(spec); err != nil || got.Text != spec.Text {
		t.Errorf("-n under -C: %q, %v", got.Text, err)
	}
	got, err := d.Preprocess(script)
	if err != nil {
		t.Fatal(err)
	}
	if want := "# 1 \"x.d\"\n\nBEGIN { trace(3); }\n"; got.Text != want {
		t.Errorf("preprocessed %q, want %q", got.Text, want)
	}
	// The order dt_preproc gives cpp: predefined, then -D/-U, then the version and __STDC__.
	var args []string
	for _, def := range d.CPPDefines() {
		if def.Undef {
			args = append(args, "-U"+def.Arg)
		} else {
			args = append(args, "-D"+def.Arg)
		}
	}
	all := strings.Join(args, " ")
	for _, want := range []string{"-D__SVR4 -D__SUNW_D=1", "-DW=4 -U__SVR4 -D__SUNW_D_VERSION=0x0100d000 -D__STDC__=1"} {
		if !strings.Contains(all, want) {
			t.Errorf("defines %s: no %s", all, want)
		}
	}
	errs.Reset()
	bad := driver.Source{Script: true, Name: "bad.d", Text: "#if\n#endif\n"}
	_, err = d.Preprocess(bad)
	var pe *driver.PreprocessError
	if !errors.As(err, &pe) || len(pe.Diags) != 1 || pe.Diags[0].Severity != cpp.Error {
		t.Fatalf("error %v", err)
	}
	if code := d.Report(err); code != driver.ExitError {
		t.Errorf("exit status %d", code)
	}
	want := "bad.d:1: error: #if with no expression\ndtrace: failed to compile script bad.d: Preprocessor failed to process input program\n"
	if errs.String() != want {
		t.Errorf("printed\n%s\nwant\n%s", errs.String(), want)
	}
	if err := o.SetPragma("incdir", "/x"); err == nil || err.Error() != "Option cannot be used from within a D program" {
		t.Errorf("SetPragma(incdir): %v", err)
	}
	if err := o.Set("stdc", "x"); err == nil {
		t.Error("stdc=x accepted")
	}
}
