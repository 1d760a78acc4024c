// This file implements the driver's tests: the steps run over several sources, and an
// error found when the merged program is compiled is reported against its own source.
package driver_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/godtrace/godtrace/driver"
	"github.com/godtrace/godtrace/internal/testroot"
	"github.com/godtrace/godtrace/runtime/provider"
)

var catalogue *provider.Catalogue

// newDriver returns a Driver writing its messages to errs, with the probe catalogue.
func newDriver(t *testing.T, errs *bytes.Buffer) *driver.Driver {
	t.Helper()
	testroot.Require(t, "the probe catalogue")
	if catalogue == nil {
		c, err := provider.Load()
		if err != nil {
			t.Fatal(err)
		}
		catalogue = c
	}
	return driver.New(driver.Config{Prog: "dtrace", Out: &bytes.Buffer{}, Err: errs, Catalogue: catalogue,
		MacroArgs: []string{"dtrace"}, MacroVars: driver.MacroVars(0)})
}

// TestCompileErrorBlamesItsSource: the code generator refuses a construct the checker
// accepts (a print() larger than a record holds); the error names the source it is in,
// first or last, -n specifier or -s script (with the line in that script). Before the
// sources shared a FileSet, every -n specifier's file was named "" and such an error in
// the first was blamed on the last.
func TestCompileErrorBlamesItsSource(t *testing.T) {
	const bad = `BEGIN { print(*(struct tss_struct *)arg0); }`
	const msg = "print( ) of 20480 bytes of struct tss_struct: at most 16384 are recorded"
	script := filepath.Join(t.TempDir(), "bad.d")
	if err := os.WriteFile(script, []byte("#pragma D option quiet\n\n"+bad+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	spec := func(text string) driver.Source { return driver.Source{Name: text, Text: text} }
	for _, tc := range []struct {
		name string
		srcs []driver.Source
		want string
	}{
		{"first of two -n", []driver.Source{spec(bad), spec("END {}")},
			"dtrace: invalid probe specifier " + bad + ": " + msg + "\n"},
		{"last of two -n", []driver.Source{spec("END {}"), spec(bad)},
			"dtrace: invalid probe specifier " + bad + ": " + msg + "\n"},
		{"middle of three -n", []driver.Source{spec("BEGIN {}"), spec(bad), spec("BEGIN {}")},
			"dtrace: invalid probe specifier " + bad + ": " + msg + "\n"},
		{"-s before -n", []driver.Source{{Script: true, Name: script}, spec("END {}")},
			"dtrace: failed to compile script " + script + ": line 3: " + msg + "\n"},
		{"-s after -n", []driver.Source{spec("END {}"), spec("BEGIN {}"), {Script: true, Name: script}},
			"dtrace: failed to compile script " + script + ": line 3: " + msg + "\n"},
	} {
		var errs bytes.Buffer
		d := newDriver(t, &errs)
		srcs, err := d.ReadSources(tc.srcs)
		if err != nil {
			t.Fatal(err)
		}
		checked, err := d.FrontEnd(srcs)
		if err != nil {
			t.Fatalf("%s: the checker refused it: %v", tc.name, err)
		}
		if _, err = d.Compile(checked); err == nil {
			t.Fatalf("%s: compiled", tc.name)
		}
		if st := d.Report(err); st != driver.ExitError {
			t.Errorf("%s: exit status %d", tc.name, st)
		}
		if errs.String() != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, errs.String(), tc.want)
		}
	}
}
