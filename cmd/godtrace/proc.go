// This file implements the processes godtrace traces: -c creates the command stopped (a
// re-executed godtrace waiting on a pipe, which then execs the command in place, so its
// pid is $target from the start) and resumes it once the probes are armed, as dtrace(1)
// creates its victim stopped and continues it after dtrace_go(); -p watches a process
// for its exit.
package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// stoppedEnv marks a re-executed godtrace that must wait on fd 3, then exec its arguments.
const stoppedEnv = "GODTRACE_STOPPED_EXEC"

// stopped is a -c command not yet running its program.
type stopped struct {
	cmd   *exec.Cmd
	start *os.File // write end of the pipe the child waits on
	done  chan *os.ProcessState
}

// stoppedChild runs in the re-executed child: wait for the go-ahead, then exec.
func stoppedChild() bool {
	if os.Getenv(stoppedEnv) == "" {
		return false
	}
	os.Unsetenv(stoppedEnv)
	gate := os.NewFile(3, "gate")
	var b [1]byte
	if n, _ := gate.Read(b[:]); n != 1 {
		os.Exit(127) // godtrace gave up before arming
	}
	gate.Close()
	args := os.Args[1:]
	path, err := exec.LookPath(args[0])
	if err != nil {
		os.Stderr.WriteString("godtrace: failed to execute " + args[0] + ": " + errText(err) + "\n")
		os.Exit(127)
	}
	err = syscall.Exec(path, args, os.Environ())
	os.Stderr.WriteString("godtrace: failed to execute " + args[0] + ": " + errText(err) + "\n")
	os.Exit(127)
	return true
}

// startStopped creates the -c command's process, split on white space as dtrace(1) does.
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
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, args...)
	cmd.Args[0] = args[0]
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.ExtraFiles = []*os.File{r}
	cmd.Env = append(os.Environ(), stoppedEnv+"=1")
	if err := cmd.Start(); err != nil {
		r.Close()
		w.Close()
		return nil, err
	}
	r.Close()
	s := &stopped{cmd: cmd, start: w, done: make(chan *os.ProcessState, 1)}
	go func() {
		cmd.Wait()
		s.done <- cmd.ProcessState
	}()
	return s, nil
}

func (s *stopped) pid() int { return s.cmd.Process.Pid }

// resume lets the command exec its program.
func (s *stopped) resume() error {
	_, err := s.start.Write([]byte{1})
	s.start.Close()
	s.start = nil
	return err
}

// wait waits for the command's exit.
func (s *stopped) wait() *os.ProcessState { return <-s.done }

// kill ends a command that was never resumed (godtrace failed before arming).
func (s *stopped) kill() {
	if s.start != nil {
		s.start.Close() // the child reads EOF and exits 127
		s.start = nil
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
