// This file implements the test of ForeignTracers: a program this process loads is not
// foreign, the same program held by a child process is.

package probeeffect

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

func TestForeignTracersSeesOtherHolders(t *testing.T) {
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
	// A child inheriting the program's descriptor holds it too.
	fd, err := f.progs[0].Clone()
	if err != nil {
		t.Fatal(err)
	}
	defer fd.Close()
	file := os.NewFile(uintptr(fd.FD()), "prog")
	cmd := exec.Command("sleep", "5")
	cmd.ExtraFiles = []*os.File{file}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) {
		for _, h := range ForeignTracers() {
			if h.ProgID == int(id) && h.Pid == cmd.Process.Pid {
				if h.ProgType != 5 {
					t.Fatalf("tracepoint program reported with type %d", h.ProgType)
				}
				for _, h := range ForeignTracers(cmd.Process.Pid) {
					if h.ProgID == int(id) {
						t.Fatalf("excluded pid %d still reported: %v", cmd.Process.Pid, h)
					}
				}
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("program %d held by child %s not reported: %v", id, strconv.Itoa(cmd.Process.Pid), ForeignTracers())
}
