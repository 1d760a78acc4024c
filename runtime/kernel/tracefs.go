// This file implements locating and, when needed, mounting tracefs.

package kernel

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/sys/unix"
)

// TracefsPath is where godtrace expects (and mounts) tracefs.
const TracefsPath = "/sys/kernel/tracing"

var tracefs struct {
	once sync.Once
	dir  string
	err  error
}

// Tracefs returns the tracefs directory (normally /sys/kernel/tracing),
// mounting tracefs there when it is not mounted yet. It also accepts the old
// debugfs location /sys/kernel/debug/tracing when tracefs is reachable only
// there. The result is computed once per process.
func Tracefs() (string, error) {
	tracefs.once.Do(func() {
		tracefs.dir, tracefs.err = findTracefs()
	})
	return tracefs.dir, tracefs.err
}

func findTracefs() (string, error) {
	if isTracefs(TracefsPath) {
		return TracefsPath, nil
	}
	if old := "/sys/kernel/debug/tracing"; isTracefs(old) {
		return old, nil
	}
	if os.Geteuid() != 0 {
		return "", fmt.Errorf("tracefs is not mounted at %s and mounting it needs root", TracefsPath)
	}
	if err := unix.Mount("nodev", TracefsPath, "tracefs", 0, ""); err != nil {
		if errors.Is(err, unix.ENODEV) {
			return "", fmt.Errorf("mount tracefs at %s: kernel has no tracefs (CONFIG_TRACING off): %w", TracefsPath, err)
		}
		return "", fmt.Errorf("mount tracefs at %s: %w", TracefsPath, err)
	}
	if !isTracefs(TracefsPath) {
		return "", fmt.Errorf("mounted tracefs at %s but it has no events directory", TracefsPath)
	}
	return TracefsPath, nil
}

func isTracefs(dir string) bool {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil || st.Type != unix.TRACEFS_MAGIC {
		return false
	}
	_, err := os.Stat(filepath.Join(dir, "events"))
	return err == nil
}
