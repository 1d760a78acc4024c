// This file implements the processes godtrace traces: -c creates the command stopped (a
// re-executed godtrace that stops itself with SIGSTOP and, once continued, execs the
// command in place, so its pid is $target from the start) and continues it once the
// probes are armed, as dtrace(1) creates its victim stopped and continues it after
// dtrace_go(). Stopping by signal keeps the wait out of the traced system calls but for
// the kill(2) that returns. -p watches a process for its exit.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/godtrace/godtrace/driver"
)

// stoppedEnv marks a re-executed godtrace that must stop itself, then exec its arguments.
const stoppedEnv = "GODTRACE_STOPPED_EXEC"

// target creates the -c command stopped, or checks that the -p process exists; it returns
// the process ($target), or 0 and a nil *stopped without -c or -p.
func (t *tool) target() (*stopped, int, error) {
	if len(t.o.cmds) > 0 {
		child, err := startStopped(t.o.cmds[0])
		if err != nil {
			return nil, 0, fmt.Errorf("failed to execute %s: %s", t.o.cmds[0], driver.ErrText(err))
		}
		return child, child.pid(), nil
	}
	if len(t.o.pids) > 0 {
		if err := syscall.Kill(t.o.pids[0], 0); err != nil {
			return nil, 0, fmt.Errorf("failed to grab pid %d: %s", t.o.pids[0], driver.ErrText(err))
		}
		return nil, t.o.pids[0], nil
	}
	return nil, 0, nil
}

// resumeTarget lets the -c command run (or starts watching the -p process); its end
// cancels the session.
func (t *tool) resumeTarget(ctx context.Context, cancel func(), child *stopped) error {
	if child != nil {
		if err := child.resume(); err != nil {
			cancel()
			return fmt.Errorf("failed to execute %s: %s", t.o.cmds[0], driver.ErrText(err))
		}
		go func() {
			st := child.wait()
			t.procExited(child.pid(), st)
			cancel()
		}()
	} else if len(t.o.pids) > 0 {
		go func() {
			watchPid(ctx, t.o.pids[0])
			t.notice("pid %d has exited", t.o.pids[0])
			cancel()
		}()
	}
	return nil
}

// procExited reports the end of the -c command as dtrace(1)'s prochandler does.
func (t *tool) procExited(pid int, st *os.ProcessState) {
	if st == nil {
		t.notice("pid %d has exited", pid)
		return
	}
	ws, _ := st.Sys().(syscall.WaitStatus)
	switch {
	case ws.Signaled():
		t.notice("pid %d terminated by %s", pid, sigName(ws.Signal()))
	case ws.ExitStatus() != 0:
		t.notice("pid %d exited with status %d", pid, ws.ExitStatus())
	default:
		t.notice("pid %d has exited", pid)
	}
}

// stopped is a -c command not yet running its program.
type stopped struct {
	cmd     *exec.Cmd
	resumed bool
	done    chan *os.ProcessState
}

// stoppedChild runs in the re-executed child: stop until godtrace continues us, then exec.
func stoppedChild() bool {
	if os.Getenv(stoppedEnv) == "" {
		return false
	}
	os.Unsetenv(stoppedEnv)
	// Die with godtrace if it dies before continuing us.
	unix.Prctl(unix.PR_SET_PDEATHSIG, uintptr(syscall.SIGKILL), 0, 0, 0)
	syscall.Kill(os.Getpid(), syscall.SIGSTOP)
	args := os.Args[1:]
	path, err := exec.LookPath(args[0])
	if err != nil {
		os.Stderr.WriteString("godtrace: failed to execute " + args[0] + ": " + driver.ErrText(err) + "\n")
		os.Exit(127)
	}
	err = syscall.Exec(path, args, os.Environ())
	os.Stderr.WriteString("godtrace: failed to execute " + args[0] + ": " + driver.ErrText(err) + "\n")
	os.Exit(127)
	return true
}

// startStopped creates the -c command's process, split on white space as dtrace(1) does,
// and waits until it has stopped itself.
func startStopped(command string) (*stopped, error) {
	args := strings.Fields(command)
	if len(args) == 0 {
		return nil, errors.New("empty command")
	}
	if _, err := exec.LookPath(args[0]); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, args...)
	cmd.Args[0] = args[0]
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = append(os.Environ(), stoppedEnv+"=1")
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &stopped{cmd: cmd, done: make(chan *os.ProcessState, 1)}
	go func() {
		cmd.Wait()
		s.done <- cmd.ProcessState
	}()
	stat := fmt.Sprintf("/proc/%d/stat", cmd.Process.Pid)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		b, err := os.ReadFile(stat)
		if err != nil {
			return nil, fmt.Errorf("process %d vanished", cmd.Process.Pid)
		}
		// The state follows the parenthesised command name.
		if i := strings.LastIndexByte(string(b), ')'); i >= 0 && i+2 < len(b) && b[i+2] == 'T' {
			return s, nil
		}
	}
	s.kill()
	return nil, errors.New("the process did not stop")
}

func (s *stopped) pid() int { return s.cmd.Process.Pid }

// resume lets the command exec its program.
func (s *stopped) resume() error {
	s.resumed = true
	return s.cmd.Process.Signal(syscall.SIGCONT)
}

// wait waits for the command's exit.
func (s *stopped) wait() *os.ProcessState { return <-s.done }

// kill ends a command that was never resumed (godtrace failed before arming); a nil
// *stopped is no command.
func (s *stopped) kill() {
	if s != nil && !s.resumed {
		s.cmd.Process.Kill()
	}
}

// watchPid returns when process pid exits or ctx ends.
func watchPid(ctx context.Context, pid int) {
	fd, err := unix.PidfdOpen(pid, 0)
	if err == nil {
		defer unix.Close(fd)
		for ctx.Err() == nil {
			fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
			n, _ := unix.Poll(fds, 200)
			if n > 0 {
				return
			}
		}
		return
	}
	for ctx.Err() == nil {
		if syscall.Kill(pid, 0) != nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// sigName is the signal's name as dtrace(1) prints it (SIGKILL → KILL).
func sigName(s syscall.Signal) string {
	name := unix.SignalName(s)
	return strings.TrimPrefix(name, "SIG")
}
