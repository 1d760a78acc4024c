//go:build guest

package cases

import (
	"os"
	"testing"
)

// TestGuestKernel checks that the guest is the kernel the other cases assume, so that a
// case for kprobes or fentry cannot pass vacuously on a kernel without them.
func TestGuestKernel(t *testing.T) {
	for _, f := range []string{
		"/sys/kernel/btf/vmlinux",
		"/sys/kernel/tracing/kprobe_events",
		"/sys/kernel/tracing/uprobe_events",
		"/sys/kernel/tracing/available_filter_functions",
	} {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("the guest kernel lacks %s: %v", f, err)
		}
	}
}
