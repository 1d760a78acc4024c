// This file implements the probe-effect experiment: the same sweep untraced and under D
// scripts of rising weight, compared by the benchmark's own bandwidth.

package lab

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
)

// Condition is one way to run the sweep: untraced (Script empty) or under godtrace -s Script.
type Condition struct {
	Name   string // as the table and the legend show it
	Script string // path of a D script; "" runs the benchmark untraced
}

// ProbeConfig is a probe-effect experiment: Trials rounds; in each round every condition in
// turn arms its script (if any) and sweeps every buffer size once, so the trials of the
// conditions interleave in time and the machine's drift falls on all of them alike.
type ProbeConfig struct {
	Godtrace   string
	Bench      string
	Mode       string   // "read" or "write"
	Path       string   // the data file
	Flags      []string // extra benchmark flags (-d)
	Sizes      []int64
	TotalSize  int64
	Trials     int
	Conditions []Condition // Conditions[0] is the untraced baseline
}

// Step says how far the experiment is: Done of Total benchmark runs, and the run just done.
type Step struct {
	Done, Total int
	Trial       int // 1-based round
	Condition   string
	BufferSize  int64
	Rate        float64 // the run's own KiB/s
	Swept       bool    // the run was the condition's last of the round
}

// ProbeResult holds the benchmark's own bandwidths: Rates[condition][size] has one KiB/s
// per round that reached it. An interrupted experiment keeps the rounds it finished, and
// the runs of the round in progress.
type ProbeResult struct {
	Config      ProbeConfig
	Rates       [][][]float64
	Interrupted bool
	Runs        int      // benchmark runs measured
	Tracer      []string // each traced round's godtrace output, in order
}

var trailingSpace = regexp.MustCompile(` +\n`)

// rateRE is the benchmark's own result line: "%.2F KBytes/sec".
var rateRE = regexp.MustCompile(`(?m)^(\d+(?:\.\d+)?) KBytes/sec$`)

// ParseRate reads the benchmark's own bandwidth (KiB/s) from its output.
func ParseRate(out string) (float64, error) {
	m := rateRE.FindAllStringSubmatch(out, -1)
	if len(m) != 1 {
		return 0, fmt.Errorf("lab: want one \"N KBytes/sec\" line from the benchmark, got %q", out)
	}
	return strconv.ParseFloat(m[0][1], 64)
}

// RunProbeEffect performs the experiment. progress, if non-nil, is called after each
// benchmark run. When ctx is cancelled (Ctrl-C) the run in flight is dropped, the tracer
// is stopped and the result so far is returned with Interrupted set and a nil error.
func RunProbeEffect(ctx context.Context, cfg ProbeConfig, progress func(Step)) (*ProbeResult, error) {
	if cfg.Trials <= 0 || len(cfg.Sizes) == 0 || len(cfg.Conditions) < 2 || cfg.Conditions[0].Script != "" {
		return nil, fmt.Errorf("lab: probe effect needs trials, sizes, an untraced baseline and a traced condition")
	}
	mode := map[string]string{"read": "-r", "write": "-w"}[cfg.Mode]
	if mode == "" {
		return nil, fmt.Errorf("lab: mode %q is neither read nor write", cfg.Mode)
	}
	res := &ProbeResult{Config: cfg, Rates: make([][][]float64, len(cfg.Conditions))}
	for c := range res.Rates {
		res.Rates[c] = make([][]float64, len(cfg.Sizes))
	}
	total := cfg.Trials * len(cfg.Conditions) * len(cfg.Sizes)
	interrupted := func() (*ProbeResult, error) {
		res.Interrupted = true
		return res, nil
	}
	for trial := 1; trial <= cfg.Trials; trial++ {
		for c, cond := range cfg.Conditions {
			var tr *tracer
			if cond.Script != "" {
				var err error
				if tr, err = startTracer(ctx, cfg.Godtrace, "-s", cond.Script); err != nil {
					if ctx.Err() != nil {
						return interrupted()
					}
					return nil, err
				}
			}
			var runErr error
			for s, size := range cfg.Sizes {
				args := append([]string{mode, "-B"}, cfg.Flags...)
				args = append(args, "-b", strconv.FormatInt(size, 10), "-t", strconv.FormatInt(cfg.TotalSize, 10), cfg.Path)
				cmd := exec.CommandContext(ctx, cfg.Bench, args...)
				cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
				cmd.Stderr = os.Stderr
				out, err := cmd.Output()
				if ctx.Err() != nil {
					break
				}
				if err != nil {
					runErr = fmt.Errorf("lab: %s %s: %w", cfg.Bench, strings.Join(args, " "), err)
					break
				}
				rate, err := ParseRate(string(out))
				if err != nil {
					runErr = err
					break
				}
				res.Rates[c][s] = append(res.Rates[c][s], rate)
				res.Runs++
				if progress != nil {
					progress(Step{Done: res.Runs, Total: total, Trial: trial, Condition: cond.Name, BufferSize: size, Rate: rate, Swept: s == len(cfg.Sizes)-1})
				}
			}
			if tr != nil {
				out, err := tr.stop()
				res.Tracer = append(res.Tracer, out)
				if err != nil && runErr == nil && ctx.Err() == nil {
					runErr = err
				}
			}
			if runErr != nil {
				return nil, runErr
			}
			if ctx.Err() != nil {
				return interrupted()
			}
		}
	}
	return res, nil
}

// ProbeRow is one buffer size's figures for one condition: its bandwidth and its ratio to
// the untraced bandwidth of the same round (1 for the baseline).
type ProbeRow struct {
	Condition  string
	BufferSize int64
	Bandwidth  Summary
	Ratio      Summary // of the per-round ratios; Trials 0 when no round has both
}

// Rows reduces the result: per condition and buffer size, in the configuration's order,
// skipping sizes a condition never reached.
func (r *ProbeResult) Rows() []ProbeRow {
	var rows []ProbeRow
	for c, cond := range r.Config.Conditions {
		for s, size := range r.Config.Sizes {
			rates := r.Rates[c][s]
			if len(rates) == 0 {
				continue
			}
			var ratios []float64
			base := r.Rates[0][s]
			for t := 0; t < len(rates) && t < len(base); t++ {
				if base[t] > 0 {
					ratios = append(ratios, rates[t]/base[t])
				}
			}
			rows = append(rows, ProbeRow{Condition: cond.Name, BufferSize: size,
				Bandwidth: Summarize(size, rates), Ratio: Summarize(size, ratios)})
		}
	}
	return rows
}

// WriteProbeCSV writes one line per condition and buffer size.
func WriteProbeCSV(w io.Writer, rows []ProbeRow) error {
	fmt.Fprintln(w, "condition,buffersize,trials,median_kib_s,q25_kib_s,q75_kib_s,ratio_median,ratio_q25,ratio_q75")
	for _, x := range rows {
		b, q := x.Bandwidth, x.Ratio
		if _, err := fmt.Fprintf(w, "%s,%d,%d,%.2f,%.2f,%.2f,%.4f,%.4f,%.4f\n", csvField(x.Condition), x.BufferSize, b.Trials,
			b.Median, b.Q25, b.Q75, q.Median, q.Q25, q.Q75); err != nil {
			return err
		}
	}
	return nil
}

func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// WriteProbeTable writes the experiment as a text table a reader compares across: one line
// per buffer size; the baseline's bandwidth, then each traced condition's bandwidth and
// its ratio to the baseline (median of the rounds, 25th–75th percentile in brackets).
func WriteProbeTable(w io.Writer, r *ProbeResult) error {
	rows := r.Rows()
	cfg := r.Config
	by := map[string]map[int64]ProbeRow{}
	for _, x := range rows {
		if by[x.Condition] == nil {
			by[x.Condition] = map[int64]ProbeRow{}
		}
		by[x.Condition][x.BufferSize] = x
	}
	var b strings.Builder
	state := ""
	if r.Interrupted {
		state = fmt.Sprintf(", interrupted after %d of %d runs", r.Runs, cfg.Trials*len(cfg.Conditions)*len(cfg.Sizes))
	}
	fmt.Fprintf(&b, "Probe effect: %s %s, %s per run, %d rounds%s.\n", filepath.Base(cfg.Bench), cfg.Mode, SizeName(cfg.TotalSize), cfg.Trials, state)
	fmt.Fprintf(&b, "Bandwidth is the benchmark's own (KBytes/sec); ratio = traced / untraced bandwidth of the\nsame round: median [25th-75th percentile]. 1.00 means no probe effect.\n\n")
	const sizeW, bwW, ratioW = 9, 12, 19
	fmt.Fprintf(&b, "%-*s %*s", sizeW, "buffer", bwW, cfg.Conditions[0].Name)
	for _, c := range cfg.Conditions[1:] {
		fmt.Fprintf(&b, " | %-*s", bwW+1+ratioW, c.Name)
	}
	fmt.Fprintf(&b, "\n%-*s %*s", sizeW, "size", bwW, "bandwidth")
	for range cfg.Conditions[1:] {
		fmt.Fprintf(&b, " | %*s %-*s", bwW, "bandwidth", ratioW, "ratio")
	}
	b.WriteString("\n")
	for _, size := range cfg.Sizes {
		base, ok := by[cfg.Conditions[0].Name][size]
		if !ok {
			continue
		}
		fmt.Fprintf(&b, "%-*s %*s", sizeW, SizeName(size), bwW, RateName(base.Bandwidth.Median))
		for _, c := range cfg.Conditions[1:] {
			x, ok := by[c.Name][size]
			if !ok {
				fmt.Fprintf(&b, " | %*s %-*s", bwW, "-", ratioW, "")
				continue
			}
			ratio := "-"
			if x.Ratio.Trials > 0 {
				ratio = fmt.Sprintf("%.2f [%.2f-%.2f]", x.Ratio.Median, x.Ratio.Q25, x.Ratio.Q75)
			}
			fmt.Fprintf(&b, " | %*s %-*s", bwW, RateName(x.Bandwidth.Median), ratioW, ratio)
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, trailingSpace.ReplaceAllString(b.String(), "\n"))
	return err
}

// SizeName names a byte count in binary units (512 B, 64 KiB, 16 MiB).
func SizeName(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB"}
	v, u := float64(n), 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + " " + units[u]
}

// RateName names a bandwidth given in KiB/s with three significant figures (812 MiB/s,
// 4.52 GiB/s).
func RateName(kib float64) string {
	units := []string{"KiB/s", "MiB/s", "GiB/s", "TiB/s"}
	v, u := kib, 0
	for v >= 1000 && u < len(units)-1 {
		v /= 1024
		u++
	}
	prec := 2
	switch {
	case v >= 100:
		prec = 0
	case v >= 10:
		prec = 1
	}
	return strconv.FormatFloat(v, 'f', prec, 64) + " " + units[u]
}

// The heavier scripts of the experiment, in the style of the course's (execname filter).
const (
	syscallCountScript = `/* every system call of the benchmark counted, by name */
syscall:::entry
/execname == "%[1]s"/
{
	@[probefunc] = count();
}
`
	latencyScript = `/* the benchmark's %[2]s(2) latency as a power-of-two histogram */
syscall::%[2]s:entry
/execname == "%[1]s"/
{
	self->ts = timestamp;
}

syscall::%[2]s:return
/self->ts/
{
	@latency["%[2]s (ns)"] = quantize(timestamp - self->ts);
	self->ts = 0;
}
`
)

// ProbeConditions writes the experiment's D scripts into dir and returns its conditions:
// untraced; the lab's script (labScript, its "io-static" execname literal replaced by the
// benchmark's name, so io-dynamic is traced by the same script); every system call counted;
// the mode's system call latency quantized.
func ProbeConditions(dir, labScript, bench, mode string) ([]Condition, error) {
	name := filepath.Base(bench)
	if len(name) > 15 {
		name = name[:15] // Linux's comm, which execname is
	}
	lab, err := os.ReadFile(labScript)
	if err != nil {
		return nil, err
	}
	conds := []Condition{{Name: "untraced"}}
	for _, s := range []struct{ name, file, text string }{
		{filepath.Base(labScript), filepath.Base(labScript), strings.ReplaceAll(string(lab), `"io-static"`, strconv.Quote(name))},
		{"syscall:::entry count()", "syscall_count.d", fmt.Sprintf(syscallCountScript, name)},
		{mode + " latency quantize()", mode + "_latency.d", fmt.Sprintf(latencyScript, name, mode)},
	} {
		path := filepath.Join(dir, s.file)
		if err := os.WriteFile(path, []byte(s.text), 0o644); err != nil {
			return nil, err
		}
		conds = append(conds, Condition{Name: s.name, Script: path})
	}
	return conds, nil
}
