// This file implements the test of mounting tracefs when it is missing, in
// a private mount namespace so that nothing else on the machine notices.

package kernel

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/godtrace/godtrace/internal/testroot"
)

const tracefsChildEnv = "GODTRACE_TRACEFS_CHILD"

// TestTracefsMount re-runs the test binary in a new mount namespace where
// it unmounts tracefs and then asks Tracefs for it.
func TestTracefsMount(t *testing.T) {
	if os.Getenv(tracefsChildEnv) != "" {
		tracefsChild(t)
		return
	}
	testroot.Require(t, "mounting tracefs in a new mount namespace")
	cmd := exec.Command(os.Args[0], "-test.run=^TestTracefsMount$", "-test.v")
	cmd.Env = append(os.Environ(), tracefsChildEnv+"=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "mounted tracefs at "+TracefsPath) {
		t.Fatalf("child: %v\n%s", err, out)
	}
	t.Logf("child:\n%s", out)
}

func tracefsChild(t *testing.T) {
	// Keep our unmounts and mounts to this namespace.
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		t.Fatal(err)
	}
	// debugfs mounts tracefs again at debug/tracing whenever that is looked up (an
	// automount), so unmount debugfs itself first where it is mounted.
	for _, dir := range []string{TracefsPath, "/sys/kernel/debug", "/sys/kernel/debug/tracing"} {
		for i := 0; isTracefs(dir) || (dir == "/sys/kernel/debug" && isDebugfs(dir)); i++ {
			if i == 10 {
				t.Fatalf("%s is still mounted after 10 unmounts", dir)
			}
			if err := unix.Unmount(dir, unix.MNT_DETACH); err != nil {
				t.Fatalf("unmount %s: %v", dir, err)
			}
		}
	}
	if isTracefs(TracefsPath) {
		t.Fatal("tracefs still mounted")
	}
	dir, err := Tracefs()
	if err != nil {
		t.Fatal(err)
	}
	if dir != TracefsPath || !isTracefs(dir) {
		t.Fatalf("Tracefs() = %s, not a tracefs mount", dir)
	}
	if _, err := os.Stat(dir + "/events/sched/sched_switch/format"); err != nil {
		t.Fatal(err)
	}
	t.Logf("mounted tracefs at %s", dir)
}

func isDebugfs(dir string) bool {
	var st unix.Statfs_t
	return unix.Statfs(dir, &st) == nil && st.Type == unix.DEBUGFS_MAGIC
}
