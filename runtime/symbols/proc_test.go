package symbols

import (
	"debug/elf"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestProcSymbolsLibc resolves a libc function in another process (a C
// program, PIE shared object): address from libc's dynamic symbol table and
// the process's mappings, back to libc.so.6`symbol+0x1.
func TestProcSymbolsLibc(t *testing.T) {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skipf("no sleep(1) to trace: %v", err)
	}
	cmd := exec.Command(sleep, "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	pid := uint32(cmd.Process.Pid)
	var libc mapping
	for i := 0; i < 100 && libc.path == ""; i++ {
		for _, m := range readMaps(pid) {
			if strings.Contains(filepath.Base(m.path), "libc.so") {
				libc = m
				break
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if libc.path == "" {
		t.Skip("sleep(1) maps no libc (static build)")
	}
	f, err := elf.Open(libc.path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dyn, err := f.DynamicSymbols()
	if err != nil {
		t.Fatal(err)
	}
	var v uint64
	for _, s := range dyn {
		if s.Name == "clock_nanosleep" {
			v = s.Value
		}
	}
	if v == 0 {
		t.Fatal("libc has no clock_nanosleep")
	}
	var addr uint64
	for _, pr := range f.Progs {
		if pr.Type == elf.PT_LOAD && v >= pr.Vaddr && v < pr.Vaddr+pr.Filesz {
			off := v - pr.Vaddr + pr.Off
			for _, m := range readMaps(pid) {
				if m.path == libc.path && off >= m.off && off < m.off+(m.end-m.start) {
					addr = m.start + off - m.off
				}
			}
		}
	}
	if addr == 0 {
		t.Fatal("clock_nanosleep is not mapped")
	}
	p := NewProc(nil)
	s, ok := p.User(pid, addr+1)
	if !ok || s.Module != filepath.Base(libc.path) || s.Offset != 1 {
		t.Fatalf("User(clock_nanosleep+1) = %+v, %v", s, ok)
	}
	for _, d := range dyn {
		if d.Name == s.Name && d.Value != v {
			t.Errorf("resolved to %s at %#x, want an alias of clock_nanosleep at %#x", s.Name, d.Value, v)
		}
	}
}
