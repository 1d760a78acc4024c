// This file implements the test of ForeignTracers: a program this process loads is not
// foreign; the same program attached to sys_enter_read and held by a child process is,
// and held unattached it is not.

package probeeffect

import (
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/godtrace/godtrace/internal/testroot"
)

func TestForeignTracersSeesOtherHolders(t *testing.T) {
	testroot.Require(t, "loading eBPF programs")
	f, err := LoadFloor(PatternEmpty, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, err := f.progs[0].Info()
	if err != nil {
		t.Fatal(err)
	}
	id, ok := info.ID()
	if !ok {
		t.Fatal("program has no ID")
	}
	for _, h := range ForeignTracers() {
		if h.ProgID == int(id) {
			t.Fatalf("own program reported foreign: %v", h)
		}
	}
	// A child inheriting the program's and the link's descriptors holds it too, attached
	// to sys_enter_read; with the program alone (loaded, not attached) it does not count.
	raw, ok := f.links[0].(interface{ FD() int })
	if !ok {
		t.Fatalf("link %T has no descriptor", f.links[0])
	}
	prog := os.NewFile(uintptr(f.progs[0].FD()), "prog")
	lnk := os.NewFile(uintptr(raw.FD()), "link")
	for _, c := range []struct {
		files []*os.File
		want  bool
	}{{[]*os.File{prog}, false}, {[]*os.File{prog, lnk}, true}} {
		cmd := exec.Command("sleep", "5")
		cmd.ExtraFiles = c.files
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		got := false
		deadline := time.Now().Add(3 * time.Second)
		for !got && time.Now().Before(deadline) {
			for _, h := range ForeignTracers() {
				if h.ProgID == int(id) && h.Pid == cmd.Process.Pid {
					if h.Where != "sys_enter_read" {
						t.Errorf("attachment reported as %q", h.Where)
					}
					for _, h := range ForeignTracers(cmd.Process.Pid) {
						if h.ProgID == int(id) {
							t.Errorf("excluded pid %d still reported: %v", cmd.Process.Pid, h)
						}
					}
					got = true
				}
			}
			if !c.want {
				break // it would show at once: the child holds the descriptors from its start
			}
			time.Sleep(50 * time.Millisecond)
		}
		cmd.Process.Kill()
		cmd.Wait()
		if got != c.want {
			t.Errorf("child holding %d descriptors: reported %v, want %v (%v)", len(c.files), got, c.want, ForeignTracers())
		}
	}
}
