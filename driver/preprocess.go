// This file implements the Preprocess step: dtrace -C runs the C preprocessor
// over each -s script before compiling it (dt_cc.c's dt_preproc), here the
// built-in dlang/cpp, with the macros libdtrace's dt_vopen defines.
package driver

import (
	"fmt"
	"runtime"

	"github.com/godtrace/godtrace/dlang/cpp"
)

// DVersion is the D language version godtrace implements, as libdtrace
// encodes it (DT_VERSION_NUMBER: major<<24 | minor<<12 | micro): Sun D 1.13,
// illumos's latest. -C defines __SUNW_D_VERSION to it.
const DVersion = 1<<24 | 13<<12

// PreprocessError is the failure of the preprocessor on a script: dtrace(1)
// reports "failed to compile script NAME: Preprocessor failed to process
// input program" (EDT_CPPERR) after cpp's own diagnostics.
type PreprocessError struct {
	Source Source
	Diags  cpp.Diagnostics
}

func (e *PreprocessError) Error() string {
	return fmt.Sprintf("failed to compile script %s: Preprocessor failed to process input program", e.Source.Name)
}

// Preprocess runs the C preprocessor over a -s script when the cpp option
// (-C) is set; other sources are returned unchanged (dtrace preprocesses only
// files). The preprocessor's diagnostics and, with -H, the names of the
// files it includes are written to Err as they come, as dtrace's cpp writes
// them to its standard error; an error among them fails the step with a
// *PreprocessError. The script's text becomes the preprocessed text, whose
// line markers let the later steps report errors against the script's own
// lines (and included files by name).
func (d *Driver) Preprocess(src Source) (Source, error) {
	o := d.Options
	if !src.Script || !o.CPP {
		return src, nil
	}
	conf := &cpp.Config{
		Defines:        d.CPPDefines(),
		IncludeDirs:    o.IncDirs,
		SysIncludeDirs: cpp.LinuxIncludeDirs(runtime.GOARCH),
	}
	if o.CPPHdrs {
		conf.Headers = d.Err
	}
	out, diags := cpp.Preprocess(src.Name, []byte(src.Text), conf)
	diags.Print(d.Err)
	if diags.Failed() {
		return src, &PreprocessError{Source: src, Diags: diags}
	}
	src.Text = string(out)
	return src, nil
}

// CPPDefines returns the macro definitions Preprocess applies, in order: the
// Linux target's (as cpp predefines them: __linux__, __x86_64__, __LP64__
// ...), those dtrace(1) predefines (dt_open.c: __linux, __unix, __SVR4,
// __SUNW_D=1, __SUNW_D_64, __Linux, __amd64), the -D and -U options in
// command-line order, then __SUNW_D_VERSION and, for -X a and t, __STDC__=0,
// for -X c, __STDC__=1 (dt_preproc adds those last).
func (d *Driver) CPPDefines() []cpp.Define {
	defs := cpp.LinuxTarget(runtime.GOARCH)
	defs = append(defs, cpp.D("__linux"), cpp.D("__unix"), cpp.D("__SVR4"), cpp.D("__SUNW_D=1"),
		cpp.D(fmt.Sprintf("__SUNW_D_%d", 32<<(^uintptr(0)>>63))), cpp.D("__Linux"))
	switch runtime.GOARCH {
	case "amd64":
		defs = append(defs, cpp.D("__amd64"))
	case "386":
		defs = append(defs, cpp.D("__i386"))
	}
	defs = append(defs, d.Options.Defines...)
	defs = append(defs, cpp.D(fmt.Sprintf("__SUNW_D_VERSION=0x%08x", DVersion)))
	switch d.Options.StdC {
	case 'a', 't':
		defs = append(defs, cpp.D("__STDC__=0"))
	case 'c':
		defs = append(defs, cpp.D("__STDC__=1"))
	}
	return defs
}
