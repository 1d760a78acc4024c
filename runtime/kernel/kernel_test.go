// This file implements the tests of runtime/kernel against the running kernel.

package kernel

import (
	"bytes"
	"encoding/binary"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/link"
	"golang.org/x/sys/unix"

	"github.com/godtrace/godtrace/compiler/emit"
	"github.com/godtrace/godtrace/internal/testroot"
	"github.com/godtrace/godtrace/record"
)

func TestTracefs(t *testing.T) {
	testroot.Require(t, "reading tracefs")
	dir, err := Tracefs()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir + "/events/syscalls/sys_enter_getppid/format"); err != nil {
		t.Fatalf("tracefs at %s lacks the syscall events: %v", dir, err)
	}
}

func TestOffset(t *testing.T) {
	for _, tc := range []struct{ typ, path string }{
		{"task_struct", "real_parent"},
		{"task_struct", "tgid"},
		{"task_struct", "pid"},
		{"task_struct", "se.sum_exec_runtime"},
		{"task_struct", "se.exec_start"},
		{"cred", "uid.val"},
	} {
		m, err := Member(tc.typ, tc.path)
		if err != nil {
			t.Errorf("Member(%s, %s): %v", tc.typ, tc.path, err)
			continue
		}
		t.Logf("%s.%s: offset %d size %d", tc.typ, tc.path, m.Offset, m.Size)
	}
	// se is a struct sched_entity; sum_exec_runtime inside it must add up.
	se, err := Offset("task_struct", "se")
	if err != nil {
		t.Fatal(err)
	}
	sum, _ := Offset("task_struct", "se.sum_exec_runtime")
	inner, err := Offset("sched_entity", "sum_exec_runtime")
	if err != nil {
		t.Fatal(err)
	}
	if se+inner != sum {
		t.Errorf("se %d + sched_entity.sum_exec_runtime %d != task_struct.se.sum_exec_runtime %d", se, inner, sum)
	}
	// Anonymous members: sk_buff keeps len outside, but its first members
	// (next, prev) sit inside anonymous unions/structs.
	if _, err := Offset("sk_buff", "next"); err != nil {
		t.Errorf("anonymous member descent: %v", err)
	}
	for _, bad := range []struct{ typ, path, want string }{
		{"task_struct", "no_such_member", `has no member "no_such_member"`},
		{"no_such_struct_xyz", "a", "no struct or union"},
		{"task_struct", "pid.x", "not a struct or union"},
		{"task_struct", "", "empty member path"},
	} {
		_, err := Offset(bad.typ, bad.path)
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("Offset(%s, %s) = %v, want error containing %q", bad.typ, bad.path, err, bad.want)
		}
	}
}

func TestParseCPUList(t *testing.T) {
	got, err := parseCPUList("0-2,5,7-8")
	if err != nil {
		t.Fatal(err)
	}
	want := []int{0, 1, 2, 5, 7, 8}
	if len(got) != len(want) {
		t.Fatalf("got %v want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("got %v want %v", got, want)
		}
	}
}

// Layout of the result map value the test program fills.
const (
	resTid   = 0
	resVt    = 8
	resSum   = 16
	resHits  = 24
	resPpid  = 32
	resUID   = 40
	resGID   = 48
	resComm  = 56
	resBytes = 72
)

// TestEmitters loads a syscalls:sys_enter_getppid program that, for the
// test's own locked thread only, samples vtimestamp, raw sum_exec_runtime,
// ppid, uid, gid and comm into an array map; the thread reads
// CLOCK_THREAD_CPUTIME_ID right after the syscall.
func TestEmitters(t *testing.T) {
	testroot.Require(t, "loading eBPF programs")
	if _, err := Tracefs(); err != nil {
		t.Fatal(err)
	}
	vt, err := LoadVtime()
	if err != nil {
		t.Fatal(err)
	}
	defer vt.Close()
	if err := vt.Ready(time.Second); err != nil {
		t.Fatal(err)
	}
	offs, _ := vt.Offsets()
	t.Logf("ktime − run-queue clock per CPU: %v", offs)

	layout, err := TaskLayout()
	if err != nil {
		t.Fatal(err)
	}
	ncpu, err := ebpf.PossibleCPU()
	if err != nil {
		t.Fatal(err)
	}
	e := emit.NewTask(layout, ncpu)
	res, err := ebpf.NewMap(&ebpf.MapSpec{Name: "res", Type: ebpf.Array, KeySize: 4, ValueSize: resBytes, MaxEntries: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()

	insns := asm.Instructions{
		asm.FnGetCurrentPidTgid.Call(),
		asm.Mov.Reg32(asm.R0, asm.R0),
		asm.LoadMapValue(asm.R1, 0, 0).WithReference("res"),
		asm.LoadMem(asm.R2, asm.R1, resTid, asm.DWord),
		asm.JNE.Reg(asm.R0, asm.R2, "out"),
	}
	insns = append(insns, e.Vtimestamp(asm.R6)...)
	insns = append(insns, e.SumExecRuntime(asm.R7)...)
	insns = append(insns,
		asm.LoadMapValue(asm.R9, 0, 0).WithReference("res"),
		asm.StoreMem(asm.R9, resVt, asm.R6, asm.DWord),
		asm.StoreMem(asm.R9, resSum, asm.R7, asm.DWord),
		asm.LoadMem(asm.R1, asm.R9, resHits, asm.DWord),
		asm.Add.Imm(asm.R1, 1),
		asm.StoreMem(asm.R9, resHits, asm.R1, asm.DWord),
	)
	insns = append(insns, e.Ppid(asm.R6)...)
	insns = append(insns, asm.StoreMem(asm.R9, resPpid, asm.R6, asm.DWord))
	insns = append(insns, e.UID(asm.R6)...)
	insns = append(insns, asm.StoreMem(asm.R9, resUID, asm.R6, asm.DWord))
	insns = append(insns, e.GID(asm.R0)...)
	insns = append(insns, asm.StoreMem(asm.R9, resGID, asm.R0, asm.DWord))
	insns = append(insns, asm.Mov.Reg(asm.R6, asm.R9), asm.Add.Imm(asm.R6, resComm))
	insns = append(insns, e.Comm(asm.R6)...)
	insns = append(insns, asm.Mov.Imm(asm.R0, 0).WithSymbol("out"), asm.Return())
	if err := insns.AssociateMap("res", res); err != nil {
		t.Fatal(err)
	}
	if err := insns.AssociateMap(record.VtimeMapName, vt.Map()); err != nil {
		t.Fatal(err)
	}
	prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{Type: ebpf.TracePoint, Instructions: insns, License: "GPL"})
	if err != nil {
		t.Fatalf("%+v", err)
	}
	defer prog.Close()
	lnk, err := link.Tracepoint("syscalls", "sys_enter_getppid", prog, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer lnk.Close()

	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	tid := unix.Gettid()
	buf := make([]byte, resBytes)
	binary.NativeEndian.PutUint64(buf[resTid:], uint64(tid))
	if err := res.Put(uint32(0), buf); err != nil {
		t.Fatal(err)
	}

	// Spins of up to 3 ms cross ticks, so the raw sum_exec_runtime lags.
	// On a virtual machine the host's steal time is excluded from the
	// thread clock when the kernel next updates its run-queue clock, which
	// the probe cannot see; a round in which the host preempts the vCPU can
	// therefore be off by the stolen time. The test asks that 95% of rounds
	// be within 50µs and reports the rest.
	const rounds = 200
	var within int
	var worst, worstRaw time.Duration
	for i := 0; i < rounds; i++ {
		spin(time.Duration(50+i*137%3000) * time.Microsecond)
		unix.Syscall(unix.SYS_GETPPID, 0, 0, 0)
		var ts unix.Timespec
		if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
			t.Fatal(err)
		}
		cpu := uint64(ts.Nano())
		if err := res.Lookup(uint32(0), &buf); err != nil {
			t.Fatal(err)
		}
		if hits := binary.NativeEndian.Uint64(buf[resHits:]); hits != uint64(i+1) {
			t.Fatalf("round %d: probe fired %d times, want %d", i, hits, i+1)
		}
		v := binary.NativeEndian.Uint64(buf[resVt:])
		sum := binary.NativeEndian.Uint64(buf[resSum:])
		d := time.Duration(int64(cpu - v))
		if d.Abs() <= 50*time.Microsecond {
			within++
		} else {
			t.Logf("round %d: vtimestamp %d vs CLOCK_THREAD_CPUTIME_ID %d read right after: %v apart", i, v, cpu, d)
		}
		worst = max(worst, d.Abs())
		worstRaw = max(worstRaw, time.Duration(cpu-sum))
	}
	t.Logf("%d rounds: %d within 50µs of CLOCK_THREAD_CPUTIME_ID, worst %v; raw sum_exec_runtime worst lag %v", rounds, within, worst, worstRaw)
	if within < rounds*95/100 {
		t.Errorf("only %d of %d vtimestamp samples within 50µs of CLOCK_THREAD_CPUTIME_ID", within, rounds)
	}

	if got, want := binary.NativeEndian.Uint64(buf[resPpid:]), uint64(os.Getppid()); got != want {
		t.Errorf("ppid = %d, want %d", got, want)
	}
	if got, want := binary.NativeEndian.Uint64(buf[resUID:]), uint64(os.Getuid()); got != want {
		t.Errorf("uid = %d, want %d", got, want)
	}
	if got, want := binary.NativeEndian.Uint64(buf[resGID:]), uint64(os.Getgid()); got != want {
		t.Errorf("gid = %d, want %d", got, want)
	}
	comm, err := os.ReadFile("/proc/thread-self/comm")
	if err != nil {
		t.Fatal(err)
	}
	got := string(bytes.TrimRight(buf[resComm:resComm+16], "\x00"))
	if want := strings.TrimSpace(string(comm)); got != want {
		t.Errorf("execname = %q, want %q", got, want)
	}
}

// spin burns CPU in the calling thread for about d of wall time, reading
// only the vDSO clock so that the scheduler's accounting is left to ticks.
func spin(d time.Duration) {
	end := time.Now().Add(d)
	x := 0
	for time.Now().Before(end) {
		for i := 0; i < 1000; i++ {
			x += i
		}
	}
	_ = x
}

func TestTracepointParams(t *testing.T) {
	ps, err := TracepointParams("sched_switch")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
	}
	if got := strings.Join(names, ","); got != "preempt,prev,next,prev_state" {
		t.Errorf("sched_switch parameters %s", got)
	}
	if i, err := TracepointParam("sched_process_exit", "group_dead"); err != nil || i != 1 {
		t.Errorf("sched_process_exit group_dead at %d, %v", i, err)
	}
	if _, err := TracepointParam("sched_switch", "nope"); err == nil {
		t.Error("missing parameter accepted")
	}
	if _, err := TracepointParams("no_such_tracepoint_xyz"); err == nil {
		t.Error("missing tracepoint accepted")
	}
}
