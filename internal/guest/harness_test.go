package guest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestSections(t *testing.T) {
	out := "@@@GT boot 6.1 cpus=2\n" +
		"@@@GT begin a/b\n=== RUN   TestX\n--- PASS: TestX (0.00s)\nPASS\n@@@GT end a/b 0\n" +
		"@@@GT begin c\npartial line@@@GT end c 2\n" +
		"@@@GT begin d\n=== RUN   TestY\n"
	secs, done := Sections([]byte(out))
	want := []Section{
		{Name: "a/b", Output: []byte("=== RUN   TestX\n--- PASS: TestX (0.00s)\nPASS\n"), Status: 0},
		{Name: "c", Output: []byte("partial line\n"), Status: 2},
		{Name: "d", Output: []byte("=== RUN   TestY\n"), Status: -1},
	}
	if done || !reflect.DeepEqual(secs, want) {
		t.Errorf("Sections = %+v, done %v\nwant %+v, done false", secs, done, want)
	}
	if _, done := Sections([]byte(out + "@@@GT done\n")); !done {
		t.Error("@@@GT done not seen")
	}
}

func TestFaults(t *testing.T) {
	console := "[    6.0] Run /init as init process\n" +
		"[   40.1] watchdog: BUG: soft lockup - CPU#1 stuck for 26s! [godtrace:120]\n" +
		"[   41.0] Kernel command line: console=ttyS0 panic=-1\n" +
		"[   42.0] Kernel panic - not syncing: softlockup: hung tasks\n" +
		"[   43.0] WARNING: CPU: 0 PID: 1 at kernel/bpf/core.c:1 f+0x1\n"
	got := Faults([]byte(console))
	want := []string{
		"[   40.1] watchdog: BUG: soft lockup - CPU#1 stuck for 26s! [godtrace:120]",
		"[   42.0] Kernel panic - not syncing: softlockup: hung tasks",
		"[   43.0] WARNING: CPU: 0 PID: 1 at kernel/bpf/core.c:1 f+0x1",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Faults = %q\nwant %q", got, want)
	}
}

// TestImage writes an image and lists it with busybox's cpio (the guest's own unpacker is
// the kernel's, which reads the same newc format).
func TestImage(t *testing.T) {
	bb, err := exec.LookPath("busybox")
	if err != nil {
		t.Skip("busybox is not installed (Debian package busybox-static); the guest stage installs it")
	}
	im := NewImage()
	im.File("gt/bin/x", []byte("hello"), 0o755)
	im.Symlink("bin/sh", "/bin/busybox")
	var buf bytes.Buffer
	if err := im.Write(&buf); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	gz := filepath.Join(dir, "i.gz")
	if err := os.WriteFile(gz, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "-c", "gzip -dc i.gz | "+bb+" cpio -t")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("cpio -t: %v\n%s", err, out)
	}
	list := strings.Fields(string(out))
	for _, want := range []string{"gt", "gt/bin", "gt/bin/x", "bin/sh", "dev/console"} {
		found := false
		for _, f := range list {
			found = found || f == want
		}
		if !found {
			t.Errorf("%s not in the archive: %v", want, list)
		}
	}
}
