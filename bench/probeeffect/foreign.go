// This file implements finding other processes' tracing programs, which would add their
// own cost to the workload's reads (this machine is shared with other engineers' tests
// and tracers).

package probeeffect

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Holder is a process holding an eBPF tracing program open.
type Holder struct {
	Pid      int
	Comm     string
	ProgID   int
	ProgType int
}

func (h Holder) String() string {
	return fmt.Sprintf("%s[%d] prog %d (type %d)", h.Comm, h.Pid, h.ProgID, h.ProgType)
}

// tracingProgTypes are the program types that run in a task's path when an event fires:
// kprobe (also uprobes), tracepoint, perf_event, raw_tracepoint, raw_tracepoint_writable,
// tracing (tp_btf, fentry).
var tracingProgTypes = map[int]bool{2: true, 5: true, 7: true, 17: true, 24: true, 26: true}

// ForeignTracers lists the tracing programs that processes other than this one and those
// in exclude hold open (read from /proc/PID/fdinfo: program and link file descriptors
// show prog_id and, for programs, prog_type). Programs attached without any open file
// descriptor (pinned links) are not seen.
func ForeignTracers(exclude ...int) []Holder {
	skip := map[int]bool{os.Getpid(): true}
	for _, p := range exclude {
		skip[p] = true
	}
	procs, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	seen := map[int]bool{}
	var out []Holder
	for _, p := range procs {
		pid, err := strconv.Atoi(p.Name())
		if err != nil || skip[pid] {
			continue
		}
		dir := filepath.Join("/proc", p.Name(), "fdinfo")
		fds, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, fd := range fds {
			id, typ := progOfFdinfo(filepath.Join(dir, fd.Name()))
			if id == 0 || seen[id] || (typ >= 0 && !tracingProgTypes[typ]) {
				continue
			}
			seen[id] = true
			comm, _ := os.ReadFile(filepath.Join("/proc", p.Name(), "comm"))
			out = append(out, Holder{Pid: pid, Comm: strings.TrimSpace(string(comm)), ProgID: id, ProgType: typ})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ProgID < out[j].ProgID })
	return out
}

// progOfFdinfo returns the prog_id and prog_type (-1 when absent, as for links) of an
// fdinfo file, or 0 when the descriptor is not a program or link.
func progOfFdinfo(path string) (id, typ int) {
	f, err := os.Open(path)
	if err != nil {
		return 0, -1
	}
	defer f.Close()
	typ = -1
	s := bufio.NewScanner(f)
	for s.Scan() {
		k, v, ok := strings.Cut(s.Text(), ":")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			continue
		}
		switch k {
		case "prog_id":
			id = n
		case "prog_type":
			typ = n
		}
	}
	return id, typ
}

// SummarizeHolders groups holders by process: "bpftrace[22815]: 361 programs, ...".
func SummarizeHolders(hs []Holder) string {
	var order []string
	count := map[string]int{}
	for _, h := range hs {
		k := fmt.Sprintf("%s[%d]", h.Comm, h.Pid)
		if count[k] == 0 {
			order = append(order, k)
		}
		count[k]++
	}
	parts := make([]string, len(order))
	for i, k := range order {
		parts[i] = fmt.Sprintf("%s: %d programs", k, count[k])
	}
	return strings.Join(parts, ", ")
}

// sameIDs reports whether a and b hold the same programs.
func sameIDs(a, b []Holder) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ProgID != b[i].ProgID {
			return false
		}
	}
	return true
}
