// This file implements -S: the generated BPF of each enabled probe, as a listing on
// stderr (dtrace -S prints its DIF there too).
package main

import (
	"fmt"
	"io"

	"github.com/godtrace/godtrace/compiler"
)

func printAsm(w io.Writer, obj *compiler.Object) {
	for _, p := range obj.Programs {
		info := p.Probe.Info()
		fmt.Fprintf(w, "\nBPF for %s:%s:%s:%s (%s, %d instructions)", info.Provider, info.Module,
			info.Function, info.Name, p.Spec.Type, len(p.Spec.Instructions))
		for _, c := range p.Clauses {
			fmt.Fprintf(w, "\n  clause %d at line %d: %s", c.Index+1, c.Pos.Line, c.Desc)
		}
		fmt.Fprintf(w, "\n%v", p.Spec.Instructions)
	}
	fmt.Fprintln(w)
}
