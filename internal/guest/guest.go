// This file implements booting the guest under QEMU and reading back what it printed.

package guest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Machine describes one boot of the guest.
type Machine struct {
	QEMU   string // qemu-system-x86_64
	Kernel string // the kernel image (vmlinuz)
	Initrd string // the initramfs (see Image)
	Append string // extra kernel command-line arguments
	MemMiB int    // guest memory; 0 means 2048
	CPUs   int    // vCPUs; 0 means 2
	Dir    string // where the console and output logs are written
}

// Boot is what one boot left behind.
type Boot struct {
	Console  []byte        // the first serial port: the kernel's console
	Output   []byte        // the second serial port: what /init wrote to /dev/ttyS1
	Elapsed  time.Duration // wall time from QEMU's start to its exit
	TimedOut bool          // QEMU was killed at the deadline
	Err      error         // QEMU's exit error, if any
}

// Command line the kernel always gets: the console on the first serial port, and any
// lockup or oops ends the boot at once (QEMU exits with -no-reboot) instead of letting a
// hung guest run to the deadline.
// softlockup_all_cpu_backtrace prints every CPU's stack at a lockup; unknown_nmi_panic
// makes the NMI that Run injects into a guest still running at its deadline print the
// stack of what it was doing (a CPU spinning with interrupts off trips no watchdog under
// TCG, which has no NMI watchdog).
const baseAppend = "console=ttyS0 loglevel=7 panic=-1 panic_on_oops=1 softlockup_panic=1 " +
	"softlockup_all_cpu_backtrace=1 hung_task_panic=1 hung_task_timeout_secs=120 unknown_nmi_panic"

// Run boots the machine under TCG (this machine has no nested virtualisation) and waits
// for the guest to power off, or for ctx to end, in which case QEMU is killed.
func (m Machine) Run(ctx context.Context) (*Boot, error) {
	mem, cpus := m.MemMiB, m.CPUs
	if mem == 0 {
		mem = 2048
	}
	if cpus == 0 {
		cpus = 2
	}
	consolePath := filepath.Join(m.Dir, "console.log")
	outputPath := filepath.Join(m.Dir, "output.log")
	for _, p := range []string{consolePath, outputPath} {
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			return nil, err
		}
	}
	monitorPath := filepath.Join(m.Dir, "monitor.sock")
	os.Remove(monitorPath)
	args := []string{
		"-accel", "tcg", "-cpu", "max", "-m", strconv.Itoa(mem), "-smp", strconv.Itoa(cpus),
		"-kernel", m.Kernel, "-initrd", m.Initrd,
		"-append", strings.TrimSpace(baseAppend + " " + m.Append),
		"-nodefaults", "-display", "none", "-monitor", "unix:" + monitorPath + ",server=on,wait=off",
		"-no-reboot",
		"-serial", "file:" + consolePath, "-serial", "file:" + outputPath,
	}
	cmd := exec.Command(m.QEMU, args...)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", m.QEMU, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	b := &Boot{}
	select {
	case b.Err = <-done:
	case <-ctx.Done():
		// Still running at the deadline: inject an NMI (the guest panics and prints the
		// interrupted stacks), give it a few seconds to print, then kill QEMU.
		b.TimedOut = true
		nmi(monitorPath)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}
	b.Elapsed = time.Since(start)
	if b.Err != nil && stderr.Len() > 0 {
		b.Err = fmt.Errorf("%w: %s", b.Err, bytes.TrimSpace(stderr.Bytes()))
	}
	var err1, err2 error
	b.Console, err1 = os.ReadFile(consolePath)
	b.Output, err2 = os.ReadFile(outputPath)
	b.Console = bytes.ReplaceAll(b.Console, []byte("\r\n"), []byte("\n"))
	b.Output = bytes.ReplaceAll(b.Output, []byte("\r\n"), []byte("\n"))
	return b, errors.Join(err1, err2)
}

// nmi asks QEMU's monitor to inject an NMI into the guest.
func nmi(path string) {
	c, err := net.DialTimeout("unix", path, time.Second)
	if err != nil {
		return
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(2 * time.Second))
	fmt.Fprintf(c, "nmi\n")
	io.Copy(io.Discard, io.LimitReader(c, 4096))
}

// faultPattern matches the console lines that mean the kernel itself went wrong, whatever
// the tests printed: a lockup, a BUG or oops, a panic, an RCU stall, a hung task, a WARN.
var faultPattern = regexp.MustCompile(`soft lockup|hard LOCKUP|BUG: |Oops|Kernel panic|` +
	`rcu: INFO: .*stall|blocked for more than|WARNING: CPU: |NMI received|NMI: Not continuing`)

// Faults returns the console lines that match faultPattern.
func Faults(console []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(console))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if faultPattern.Match(sc.Bytes()) {
			out = append(out, sc.Text())
		}
	}
	return out
}

// Tail returns the last n lines of b.
func Tail(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// The guest's /init frames each test binary's output on the second serial port:
//
//	@@@GT begin NAME
//	... the binary's -test.v=test2json output ...
//	@@@GT end NAME STATUS
//
// and writes "@@@GT done" before powering off.
const marker = "@@@GT "

// Section is one test binary's run in the guest.
type Section struct {
	Name   string
	Output []byte // the binary's output
	Status int    // its exit status; -1 when the guest never reported one
}

// Sections splits the guest's output into its test binaries' runs; done reports whether
// /init got to the end.
func Sections(output []byte) (secs []Section, done bool) {
	var cur *Section
	for _, line := range bytes.SplitAfter(output, []byte("\n")) {
		s := strings.TrimRight(string(line), "\n")
		i := strings.Index(s, marker)
		if i < 0 {
			if cur != nil {
				cur.Output = append(cur.Output, line...)
			}
			continue
		}
		if i > 0 && cur != nil { // a marker after output that had no newline
			cur.Output = append(cur.Output, s[:i]...)
			cur.Output = append(cur.Output, '\n')
		}
		f := strings.Fields(s[i+len(marker):])
		switch {
		case len(f) == 2 && f[0] == "begin":
			secs = append(secs, Section{Name: f[1], Status: -1})
			cur = &secs[len(secs)-1]
		case len(f) == 3 && f[0] == "end" && cur != nil && f[1] == cur.Name:
			cur.Status, _ = strconv.Atoi(f[2])
			cur = nil
		case len(f) == 1 && f[0] == "done":
			done = true
		}
	}
	return secs, done
}
