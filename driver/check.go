// This file implements the Check step: the checker is told the args[] types of the probes
// each description matched.
package driver

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/types"
	"github.com/godtrace/godtrace/runtime/ktypes"
	"github.com/godtrace/godtrace/runtime/provider"
)

// check type-checks one source, telling the checker the args[] types of the probes each
// description matched. Its errors are DTrace's compile errors.
func (d *Driver) check(u *Matched) (*types.Info, error) {
	m := map[string]int64{}
	for k, v := range d.MacroVars {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			m[k] = n
		}
	}
	conf := &types.Config{
		MacroArgs:   d.MacroArgs,
		Macros:      m,
		StrSize:     uint64(d.Options.StrSize),
		DefaultArgs: d.Options.DefaultArgs,
		Kernel:      ktypes.Default(), // over the runtime's BTF spec: one parse, shared with the loaders
		ProbeArgs: func(desc *ast.ProbeDesc) ([]string, error) {
			return probeArgs(u.Descs[desc])
		},
	}
	return types.Check(u.Prog, conf)
}

// probeArgs returns the args[] types shared by every probe of ps.
func probeArgs(ps []*provider.Probe) ([]string, error) {
	var sig []string
	for i, p := range ps {
		args, err := p.Args()
		if err != nil {
			return nil, err
		}
		names := make([]string, len(args))
		for j, a := range args {
			names[j] = a.Type
			if a.User {
				// The checker knows user-space pointers by the kernel's __user marking.
				if k := strings.LastIndexByte(a.Type, '*'); k >= 0 && !strings.Contains(a.Type, "__user") {
					names[j] = strings.TrimRight(a.Type[:k], " ") + " __user " + a.Type[k:]
				}
			}
		}
		if i == 0 {
			sig = names
		} else if strings.Join(sig, ",") != strings.Join(names, ",") {
			return nil, fmt.Errorf("probes of the description have different argument types")
		}
	}
	return sig, nil
}
