// This file implements -S: the generated BPF of each enabled probe, as a listing on
// stderr (dtrace -S prints its DIF there too), each run of instructions headed by the D
// construct it was generated for.
package driver

import (
	"fmt"
	"io"
	"strings"

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
		fmt.Fprintln(w)
		last := ""
		raw := 0
		for i, ins := range p.Spec.Instructions {
			if text, pos, ok := p.Source(i); ok {
				head := fmt.Sprintf("line %d: %s", pos.Line, oneLine(text))
				if head != last {
					fmt.Fprintf(w, "\t; %s\n", head)
					last = head
				}
			}
			if sym := ins.Symbol(); sym != "" {
				fmt.Fprintf(w, "%s:\n", sym)
			}
			fmt.Fprintf(w, "\t%4d: %v\n", raw, ins)
			raw += int(ins.Width())
		}
	}
	fmt.Fprintln(w)
}

// oneLine shortens a construct's text to one line.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}
