// This file implements the tests of the workload and the floor programs: each floor is
// loaded into this kernel, a short gated loop runs under it, and the maps must hold what
// the loop did.

package probeeffect

import (
	"testing"
	"time"

	"github.com/godtrace/godtrace/internal/testroot"
)

const testCalls = 20000

func testWorkload(t *testing.T) *Workload {
	t.Helper()
	w, err := BuildWorkload(t.TempDir(), testCalls)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestWorkloadUntraced(t *testing.T) {
	w := testWorkload(t)
	r, err := w.RunGated(nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Calls != testCalls || r.Elapsed <= 0 || r.CPU <= 0 || r.CPU > r.Elapsed+time.Millisecond {
		t.Fatalf("result %+v, want %d calls and 0 < CPU time <= wall time", r, testCalls)
	}
	// A read of one byte from /dev/zero cannot take less than a nanosecond or more than a
	// millisecond on any machine this runs on.
	if pc := r.PerCall(); pc < 1 || pc > 1e6 {
		t.Fatalf("%.1f ns per call is not plausible", pc)
	}
}

func TestFloorPrograms(t *testing.T) {
	testroot.Require(t, "loading eBPF programs")
	w := testWorkload(t)
	for _, p := range []Pattern{PatternEmpty, PatternPid, PatternCount, PatternQuantize} {
		t.Run(p.String(), func(t *testing.T) {
			var f *Floor
			var pid int
			r, err := w.RunGated(func(p2 int) (func() error, error) {
				pid = p2
				var err error
				f, err = LoadFloor(p, uint32(p2))
				if err != nil {
					return nil, err
				}
				return func() error { return nil }, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if r.Calls != testCalls {
				t.Fatalf("calls %d", r.Calls)
			}
			switch p {
			case PatternCount:
				// The loop's reads, and the gate's read of stdin when the workload
				// entered it after the program was attached (it prints its pid first):
				// a single-threaded process, so tid == pid.
				n, err := f.Count(uint32(pid))
				if err != nil {
					t.Fatalf("count for tid %d: %v", pid, err)
				}
				if n != testCalls && n != testCalls+1 {
					t.Fatalf("count for tid %d = %d, want %d (+1 for the gate's read)", pid, n, testCalls)
				}
			case PatternQuantize:
				total, fullest, err := f.HistTotal()
				if err != nil {
					t.Fatal(err)
				}
				// Every process's reads land here; the loop's alone are testCalls.
				if total < testCalls {
					t.Fatalf("histogram total %d < %d reads", total, testCalls)
				}
				// A one-byte read of /dev/zero takes between 2^4 and 2^20 ns.
				if fullest < 4 || fullest > 20 {
					t.Fatalf("fullest bucket 2^%d ns is not plausible for a read", fullest)
				}
			}
		})
	}
}

func TestPidProgramFilters(t *testing.T) {
	// A pid filter for a pid that is not the workload's must not stop the loop and must
	// load; its effect is measured by the benchmark. Check the instruction shape instead:
	// the compare is against the pid given.
	insns := pidProgram(4242)
	found := false
	for _, ins := range insns {
		if ins.OpCode.JumpOp() != 0 && ins.Constant == 4242 {
			found = true
		}
	}
	if !found {
		t.Fatalf("pid program does not compare against 4242:\n%v", insns)
	}
}

func TestRawFloorCounts(t *testing.T) {
	testroot.Require(t, "loading eBPF programs")
	w := testWorkload(t)
	var f *Floor
	var pid int
	_, err := w.RunGated(func(p int) (func() error, error) {
		pid = p
		var err error
		f, err = LoadRawFloor(PatternCount, 0)
		return func() error { return nil }, err
	})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Only reads count: the loop's (and the gate's, when the workload entered it after the
	// attach), not the workload's other system calls after it (open, write, close, exit).
	n, err := f.Count(uint32(pid))
	if err != nil {
		t.Fatalf("count for tid %d: %v", pid, err)
	}
	if n != testCalls && n != testCalls+1 {
		t.Fatalf("count for tid %d = %d, want %d (+1 for the gate's read)", pid, n, testCalls)
	}
	for _, p := range []Pattern{PatternEmpty, PatternPid} {
		g, err := LoadRawFloor(p, uint32(pid))
		if err != nil {
			t.Fatalf("%v: %v", p, err)
		}
		g.Close()
	}
}
