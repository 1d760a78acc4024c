// This file implements the report of dynamic variable drops: stores to thread-local and
// associative-array variables lost because the variable's map was full, counted per CPU
// by the programs in compiler.MapDynDrops and reported as dtrace(1) reports them
// (dt_handle_status): "godtrace: 3 dynamic variable drops".
package session

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/godtrace/godtrace/compiler"
)

// reportDynDrops prints the dynamic variable drops counted since the last report.
func (s *Session) reportDynDrops() {
	m := s.maps[compiler.MapDynDrops]
	if m == nil {
		return
	}
	var buf []byte
	if err := m.Lookup(uint32(0), &buf); err != nil {
		return
	}
	var total uint64
	for i := 0; i+8 <= len(buf); i += 8 {
		total += binary.LittleEndian.Uint64(buf[i:])
	}
	s.dynMu.Lock()
	defer s.dynMu.Unlock()
	if total > s.dynLast {
		n := total - s.dynLast
		plural := "s"
		if n == 1 {
			plural = ""
		}
		msg := fmt.Sprintf("%d dynamic variable drop%s", n, plural)
		fmt.Fprintf(s.cfg.Err, "%s: %s\n", s.cfg.Prog, msg)
		s.report("DROP", "dynamic", msg, n)
		s.dynLast = total
	}
}

// reportDrops reports the dynamic variable and aggregation drops not yet reported.
func (s *Session) reportDrops() {
	s.reportDynDrops()
	s.dynMu.Lock()
	defer s.dynMu.Unlock()
	s.aggDrops.report(s.cfg.Err, s.cfg.Prog, s.report)
}

// watchDynDrops reports dynamic variable and aggregation drops once a second (DTrace's
// statusrate) until ctx ends.
func (s *Session) watchDynDrops(ctx context.Context) {
	if s.maps[compiler.MapDynDrops] == nil && s.maps[compiler.MapAggDrops] == nil {
		return
	}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.reportDrops()
		}
	}
}
