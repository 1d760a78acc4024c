// This file runs godtrace as a child: start it, wait until its probes are armed, stop it.

package lab

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// tracer is a running godtrace.
type tracer struct {
	cmd     *exec.Cmd
	out     output
	errText strings.Builder
	wg      sync.WaitGroup
}

// output is the tracer's stdout as it arrives, readable while the tracer runs.
type output struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	more chan struct{} // signalled (without blocking) on every write
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.buf.Write(p)
	select {
	case o.more <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// armTimeout bounds how long godtrace may take to compile and attach.
const armTimeout = 30 * time.Second

// startTracer runs godtrace with args and returns once it has said its probes matched
// (they are attached then). The child has its own process group, so a Ctrl-C at the
// terminal reaches only the harness, which stops the child in order.
func startTracer(ctx context.Context, godtrace string, args ...string) (*tracer, error) {
	t := &tracer{cmd: exec.Command(godtrace, args...)}
	t.out.more = make(chan struct{}, 1)
	t.cmd.Stdout = &t.out
	t.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stderr, err := t.cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := t.cmd.Start(); err != nil {
		return nil, fmt.Errorf("lab: start %s: %w", godtrace, err)
	}
	armed := make(chan bool, 1)
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		sc := bufio.NewScanner(stderr)
		once := false
		for sc.Scan() {
			line := sc.Text()
			if !once && strings.Contains(line, " matched ") {
				once = true
				armed <- true
				continue
			}
			t.errText.WriteString(line + "\n")
		}
		if !once {
			armed <- false
		}
	}()
	select {
	case ok := <-armed:
		if ok {
			return t, nil
		}
		t.wg.Wait()
		t.cmd.Wait()
		return nil, fmt.Errorf("lab: godtrace %s exited before arming: %s", strings.Join(args, " "), t.errText.String())
	case <-ctx.Done():
		t.kill()
		return nil, ctx.Err()
	case <-time.After(armTimeout):
		t.kill()
		return nil, fmt.Errorf("lab: godtrace %s did not arm within %v", strings.Join(args, " "), armTimeout)
	}
}

func (t *tracer) kill() {
	t.cmd.Process.Kill()
	t.wg.Wait()
	t.cmd.Wait()
}

// stop sends SIGINT (godtrace then runs END and prints its aggregations, as dtrace does) and
// returns what the tracer printed on stdout.
func (t *tracer) stop() (string, error) {
	// Give the last records time to reach the consumer before stopping the tracer.
	time.Sleep(200 * time.Millisecond)
	t.cmd.Process.Signal(syscall.SIGINT)
	t.wg.Wait()
	if err := t.cmd.Wait(); err != nil {
		return t.out.String(), fmt.Errorf("lab: godtrace: %v: %s", err, t.errText.String())
	}
	return t.out.String(), nil
}
