// This file implements an experiment run: arm the script, sweep the benchmark, stop the tracer.

package lab

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Config describes one experiment of the notebook: a D script armed for the whole sweep and
// the benchmark run Trials times at each buffer size.
type Config struct {
	Godtrace  string   // path to the godtrace binary
	Script    string   // D script printing one {"timestamp": N} per benchmark run
	Bench     string   // path to io-static or io-dynamic
	Mode      string   // "read" or "write"
	Path      string   // the benchmark's data file
	Flags     []string // extra benchmark flags, e.g. "-d"
	Sizes     []int64  // buffer sizes to sweep
	TotalSize int64    // -t
	Trials    int      // runs per buffer size
}

// LabSizes are the notebook's BUFFER_SIZES: 512 * 2**exp for exp in 0..15.
func LabSizes() []int64 {
	var s []int64
	for e := 0; e < 16; e++ {
		s = append(s, 512<<e)
	}
	return s
}

// Result holds the raw per-run bandwidths and their per-size summaries.
type Result struct {
	Records   []Record    // the script's records, in run order
	Runs      [][]float64 // [size index][trial] KiB/s
	Summaries []Summary
	Tracer    string // the tracer's stdout
}

// Run performs the experiment. progress, if non-nil, receives one line per buffer size.
func Run(ctx context.Context, cfg Config, progress io.Writer) (*Result, error) {
	if cfg.Trials <= 0 || len(cfg.Sizes) == 0 {
		return nil, fmt.Errorf("lab: nothing to run (trials %d, %d sizes)", cfg.Trials, len(cfg.Sizes))
	}
	mode := map[string]string{"read": "-r", "write": "-w"}[cfg.Mode]
	if mode == "" {
		return nil, fmt.Errorf("lab: mode %q is neither read nor write", cfg.Mode)
	}
	tracer := exec.CommandContext(ctx, cfg.Godtrace, "-s", cfg.Script)
	var out bytes.Buffer
	tracer.Stdout = &out
	stderr, err := tracer.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := tracer.Start(); err != nil {
		return nil, fmt.Errorf("lab: start %s: %w", cfg.Godtrace, err)
	}
	armed := make(chan struct{})
	var errText strings.Builder
	matched := false
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sc := bufio.NewScanner(stderr)
		once := false
		for sc.Scan() {
			line := sc.Text()
			if !once && strings.Contains(line, " matched ") {
				once = true
				matched = true
				close(armed)
				continue
			}
			errText.WriteString(line + "\n")
		}
		if !once {
			close(armed)
		}
	}()
	select {
	case <-armed:
	case <-time.After(30 * time.Second):
		tracer.Process.Kill()
		return nil, fmt.Errorf("lab: godtrace did not arm within 30s")
	}
	if !matched {
		wg.Wait()
		tracer.Wait()
		return nil, fmt.Errorf("lab: godtrace exited before arming: %s", errText.String())
	}
	for i, size := range cfg.Sizes {
		for t := 0; t < cfg.Trials; t++ {
			args := append([]string{mode, "-B", "-q"}, cfg.Flags...)
			args = append(args, "-b", strconv.FormatInt(size, 10), "-t", strconv.FormatInt(cfg.TotalSize, 10), cfg.Path)
			cmd := exec.CommandContext(ctx, cfg.Bench, args...)
			cmd.Stderr = os.Stderr
			if err := cmd.Run(); err != nil {
				tracer.Process.Signal(syscall.SIGINT)
				tracer.Wait()
				return nil, fmt.Errorf("lab: %s %s: %w", cfg.Bench, strings.Join(args, " "), err)
			}
		}
		if progress != nil {
			fmt.Fprintf(progress, "buffer size %d bytes (%d/%d): %d trials\n", size, i+1, len(cfg.Sizes), cfg.Trials)
		}
	}
	// Give the last exit record time to reach the consumer before stopping the tracer.
	time.Sleep(200 * time.Millisecond)
	tracer.Process.Signal(syscall.SIGINT)
	wg.Wait()
	if err := tracer.Wait(); err != nil {
		return nil, fmt.Errorf("lab: godtrace: %v: %s", err, errText.String())
	}
	recs, err := ParseRecords(out.String())
	if err != nil {
		return nil, err
	}
	want := len(cfg.Sizes) * cfg.Trials
	if len(recs) != want {
		return nil, fmt.Errorf("lab: expected %d records from the script, got %d:\n%s", want, len(recs), out.String())
	}
	res := &Result{Tracer: out.String(), Records: recs}
	for i, size := range cfg.Sizes {
		var bw []float64
		for t := 0; t < cfg.Trials; t++ {
			bw = append(bw, Bandwidth(cfg.TotalSize, recs[i*cfg.Trials+t].Timestamp))
		}
		res.Runs = append(res.Runs, bw)
		res.Summaries = append(res.Summaries, Summarize(size, bw))
	}
	return res, nil
}

// WriteCSV writes the summaries as the notebook's DataFrame would print them.
func WriteCSV(w io.Writer, s []Summary) error {
	fmt.Fprintln(w, "buffersize,median_kib_s,q25_kib_s,q75_kib_s,min_kib_s,max_kib_s,trials")
	for _, x := range s {
		if _, err := fmt.Fprintf(w, "%d,%.2f,%.2f,%.2f,%.2f,%.2f,%d\n", x.BufferSize, x.Median, x.Q25, x.Q75, x.Min, x.Max, x.Trials); err != nil {
			return err
		}
	}
	return nil
}
