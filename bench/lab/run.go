// This file implements an experiment run: arm the script, sweep the benchmark, stop the tracer.

package lab

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
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
	tr, err := startTracer(ctx, cfg.Godtrace, "-s", cfg.Script)
	if err != nil {
		return nil, err
	}
	var recs []Record
	redone := 0
	for i, size := range cfg.Sizes {
		for t := 0; t < cfg.Trials; t++ {
			args := append([]string{mode, "-B", "-q"}, cfg.Flags...)
			args = append(args, "-b", strconv.FormatInt(size, 10), "-t", strconv.FormatInt(cfg.TotalSize, 10), cfg.Path)
			rec, n, err := tracedRun(ctx, tr, cfg.Bench, args)
			if err != nil {
				tr.stop()
				return nil, err
			}
			if n != 1 {
				// The script matches every io-static on the machine: another one ran at the same
				// time, and its record cannot be told from ours. Run it again.
				redone++
				if redone > maxRedone {
					tr.stop()
					return nil, fmt.Errorf("lab: gave up after %d runs with records of other io-static processes (the script traces every process of that name)", redone)
				}
				if progress != nil {
					fmt.Fprintf(progress, "buffer size %d bytes, trial %d: %d records during the run (another %s ran at the same time): run again\n", size, t+1, n, filepath.Base(cfg.Bench))
				}
				t--
				continue
			}
			recs = append(recs, rec)
		}
		if progress != nil {
			fmt.Fprintf(progress, "buffer size %d bytes (%d/%d): %d trials\n", size, i+1, len(cfg.Sizes), cfg.Trials)
		}
	}
	out, err := tr.stop()
	if err != nil {
		return nil, err
	}
	res := &Result{Tracer: out, Records: recs}
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

// maxRedone bounds the runs made again because another process's record fell in their window.
const maxRedone = 20

// recordWait bounds how long a run's record may take to reach the tracer's output, and
// recordSettle is how long the harness then waits for a second record in the same window.
const (
	recordWait   = 10 * time.Second
	recordSettle = 50 * time.Millisecond
)

// tracedRun runs the benchmark once while tr traces and returns the records that reached
// the tracer's output from the run's start until its record (and recordSettle more) came:
// the run's own when n is 1.
func tracedRun(ctx context.Context, tr *tracer, bench string, args []string) (Record, int, error) {
	before := countRecords(tr.out.String())
	cmd := exec.CommandContext(ctx, bench, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return Record{}, 0, fmt.Errorf("lab: %s %s: %w", bench, strings.Join(args, " "), err)
	}
	deadline := time.After(recordWait)
	for countRecords(tr.out.String()) == before {
		select {
		case <-tr.out.more:
		case <-deadline:
			return Record{}, 0, fmt.Errorf("lab: no record from the script within %v of %s %s ending", recordWait, bench, strings.Join(args, " "))
		case <-ctx.Done():
			return Record{}, 0, ctx.Err()
		}
	}
	time.Sleep(recordSettle)
	recs, err := ParseRecords(tr.out.String())
	if err != nil {
		return Record{}, 0, err
	}
	return recs[before], len(recs) - before, nil
}

// countRecords counts the complete records in the tracer's output so far.
func countRecords(out string) int {
	return len(recordRE.FindAllStringIndex(out, -1))
}

var recordRE = regexp.MustCompile(`\{"timestamp": *\d+\}`)

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
