// This file implements error regions: DTrace labels errors found while
// checking a clause's predicate or action list ("in predicate: ...",
// "in action list: ..."), and prints the label instead of a line number
// when the program has no file (dtrace -n).

package types

import (
	"runtime"
	"sync"
	"weak"

	"github.com/godtrace/godtrace/dlang/diag"
)

// regions maps errors to their region without keeping them alive.
var regions sync.Map // weak.Pointer[diag.Error] -> string

func setRegion(e *diag.Error, region string) {
	wp := weak.Make(e)
	regions.Store(wp, region)
	runtime.AddCleanup(e, func(wp weak.Pointer[diag.Error]) { regions.Delete(wp) }, wp)
}

// Region returns the region of an error Check reported: "predicate" or
// "action list" for errors found while checking a clause's predicate or
// actions, "" for others (declarations, format strings and the other
// checks DTrace makes when compiling a statement). For a probe specifier
// given with -n, dtrace(1) prints "in REGION: " before such a message:
//
//	dtrace: invalid probe specifier BEGIN{exit()}: in action list: exit( ) prototype mismatch: 0 args passed, 1 expected
func Region(e *diag.Error) string {
	if v, ok := regions.Load(weak.Make(e)); ok {
		return v.(string)
	}
	return ""
}
