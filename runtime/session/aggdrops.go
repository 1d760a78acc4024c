// This file implements the report of aggregation drops: updates lost because an
// aggregation's map was full (-x aggsize), counted per CPU by the programs in
// compiler.MapAggDrops and reported as dtrace(1) reports them (dt_handle_cpudrop):
// "godtrace: 3 aggregation drops on CPU 1".
package session

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/cilium/ebpf"
)

// aggDrops reads the per-CPU aggregation drop counters and remembers what was reported.
type aggDrops struct {
	m    *ebpf.Map // nil when no program counts aggregation drops
	last []uint64
}

// report prints the drops counted since the last report, one line per CPU.
func (d *aggDrops) report(w io.Writer, prog string, rep func(name, kind, msg string, count uint64)) error {
	if d == nil || d.m == nil {
		return nil
	}
	buf := make([]byte, d.m.ValueSize())
	if err := d.m.Lookup(uint32(0), buf); err != nil {
		return fmt.Errorf("read aggregation drops: %w", err)
	}
	n := len(buf) / 8
	if d.last == nil {
		d.last = make([]uint64, n)
	}
	for cpu := 0; cpu < n; cpu++ {
		v := binary.LittleEndian.Uint64(buf[8*cpu:])
		if v > d.last[cpu] {
			fmt.Fprintf(w, "%s: %s\n", prog, aggDropMessage(v-d.last[cpu], cpu))
			rep("DROP", "aggregation", aggDropMessage(v-d.last[cpu], cpu), v-d.last[cpu])
			d.last[cpu] = v
		}
	}
	return nil
}

// aggDropMessage is dt_handle_cpudrop's text for aggregation drops.
func aggDropMessage(n uint64, cpu int) string {
	s := ""
	if n > 1 {
		s = "s"
	}
	return fmt.Sprintf("%d aggregation drop%s on CPU %d", n, s, cpu)
}
