// This file implements finding other processes' tracing programs, which would add their
// own cost to the workload's reads (this machine is shared with other engineers' tests
// and tracers).

package probeeffect

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Holder is a process holding an eBPF tracing program that may run in the workload's
// read path.
type Holder struct {
	Pid    int
	Comm   string
	ProgID int
	Where  string // the tracepoint, or why it is counted
}

func (h Holder) String() string {
	return fmt.Sprintf("%s[%d] prog %d (%s)", h.Comm, h.Pid, h.ProgID, h.Where)
}

// readPath are the tracepoints a read(2) fires: the raw syscall tracepoints, and the
// syscall trace events built on them.
var readPath = map[string]bool{"sys_enter": true, "sys_exit": true, "sys_enter_read": true, "sys_exit_read": true}

// tracingProgTypes are the program types that run in a task's path when an event fires:
// kprobe (also uprobes), tracepoint, perf_event, raw_tracepoint, raw_tracepoint_writable,
// tracing (tp_btf, fentry).
var tracingProgTypes = map[int]bool{2: true, 5: true, 7: true, 17: true, 24: true, 26: true}

// ForeignTracers lists the tracing programs, held open by processes other than this one
// and those in exclude, that may run when the workload reads. It reads
// /proc/PID/fd and fdinfo: a bpf_link shows its program and, for tracepoints, tp_name;
// a program counts when a link attaches it to one of the read's tracepoints, when a
// tracing (tp_btf/fentry) link attaches it (where is not shown), or when its process
// also holds perf_event descriptors and no link for it (attached by ioctl, as bpftrace
// 0.17 does: where is not shown). Programs loaded but not attached (test runs, BEGIN and
// END) and programs attached elsewhere do not count. Attachments held by no descriptor
// (pinned links) are not seen.
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
		for _, h := range processTracers(pid) {
			if !seen[h.ProgID] {
				seen[h.ProgID] = true
				out = append(out, h)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ProgID < out[j].ProgID })
	return out
}

// processTracers applies ForeignTracers' rules to one process.
func processTracers(pid int) []Holder {
	dir := fmt.Sprintf("/proc/%d", pid)
	fds, err := os.ReadDir(dir + "/fd")
	if err != nil {
		return nil
	}
	progs := map[int]int{} // prog id -> type
	linked := map[int]bool{}
	perf := false
	var hs []Holder
	for _, fd := range fds {
		target, err := os.Readlink(dir + "/fd/" + fd.Name())
		if err != nil || !strings.HasPrefix(target, "anon_inode:") {
			continue
		}
		switch target {
		case "anon_inode:[perf_event]":
			perf = true
		case "anon_inode:bpf-prog":
			info := fdinfo(dir + "/fdinfo/" + fd.Name())
			id, _ := strconv.Atoi(info["prog_id"])
			typ, _ := strconv.Atoi(info["prog_type"])
			if id != 0 {
				progs[id] = typ
			}
		case "anon_inode:bpf_link":
			info := fdinfo(dir + "/fdinfo/" + fd.Name())
			id, _ := strconv.Atoi(info["prog_id"])
			if id == 0 {
				continue
			}
			linked[id] = true
			switch {
			case readPath[info["tp_name"]]:
				hs = append(hs, Holder{Pid: pid, ProgID: id, Where: info["tp_name"]})
			case info["link_type"] == "tracing":
				hs = append(hs, Holder{Pid: pid, ProgID: id, Where: "tracing link, target not shown"})
			}
		}
	}
	if perf {
		for id, typ := range progs {
			if !linked[id] && tracingProgTypes[typ] {
				hs = append(hs, Holder{Pid: pid, ProgID: id, Where: "perf_event attachment, target not shown"})
			}
		}
	}
	if len(hs) > 0 {
		comm, _ := os.ReadFile(dir + "/comm")
		for i := range hs {
			hs[i].Comm = strings.TrimSpace(string(comm))
		}
	}
	return hs
}

// fdinfo reads an fdinfo file as key/value pairs.
func fdinfo(path string) map[string]string {
	m := map[string]string{}
	f, err := os.Open(path)
	if err != nil {
		return m
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if k, v, ok := strings.Cut(s.Text(), ":"); ok {
			m[k] = strings.TrimSpace(v)
		}
	}
	return m
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
