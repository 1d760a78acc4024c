// Command l41-lab replays an L41 lab notebook experiment: it arms a D script with godtrace,
// sweeps io-static over the notebook's buffer sizes, and writes the medians and quartiles of
// I/O bandwidth as CSV and as PNG and SVG plots.
//
//	l41-lab -mode read -trials 2 -out results/
//
// With -probe-effect it measures what tracing costs instead: the same sweep untraced, under
// the lab's script and under two heavier ones, compared by the benchmark's own bandwidth,
// written as a table, a CSV and plots of the ratio. Ctrl-C stops it early and keeps what was
// measured.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	osexec "os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/godtrace/godtrace/bench/lab"
	"github.com/godtrace/godtrace/bench/labplot"
)

func main() {
	cfg := lab.Config{}
	flag.StringVar(&cfg.Godtrace, "godtrace", "bin/godtrace", "godtrace binary")
	flag.StringVar(&cfg.Script, "s", "examples/io_performance.d", "D script printing {\"timestamp\": N} per run")
	flag.StringVar(&cfg.Bench, "bench", "bin/io-static", "benchmark binary")
	dynamic := flag.Bool("dynamic", false, "run io-dynamic (the dynamically linked build, beside -bench) instead of io-static")
	flag.StringVar(&cfg.Mode, "mode", "read", "read or write")
	flag.StringVar(&cfg.Path, "file", "iofile", "benchmark data file (created when missing)")
	flag.Int64Var(&cfg.TotalSize, "t", 16<<20, "total I/O size per run")
	flag.IntVar(&cfg.Trials, "trials", 2, "runs per buffer size (the notebook's NUM_TRIALS)")
	sizes := flag.String("sizes", "", "comma-separated buffer sizes (default: the notebook's 512 B … 16 MiB)")
	direct := flag.Bool("d", false, "pass -d (O_DIRECT) to the benchmark")
	probe := flag.Bool("probe-effect", false, "measure the probe effect: the sweep untraced, under -s and under heavier scripts")
	outDir := flag.String("out", "results", "directory for the CSV, PNG and SVG")
	flag.Parse()

	cfg.Sizes = lab.LabSizes()
	if *sizes != "" {
		cfg.Sizes = nil
		for _, f := range strings.Split(*sizes, ",") {
			n, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
			if err != nil || n <= 0 {
				fatal(fmt.Errorf("bad buffer size %q", f))
			}
			cfg.Sizes = append(cfg.Sizes, n)
		}
	}
	if *dynamic {
		cfg.Bench = filepath.Join(filepath.Dir(cfg.Bench), "io-dynamic")
	}
	if *direct {
		cfg.Flags = append(cfg.Flags, "-d")
	}
	if _, err := os.Stat(cfg.Path); os.IsNotExist(err) {
		c := command(cfg.Bench, "-c", "-t", strconv.FormatInt(cfg.TotalSize, 10), cfg.Path)
		if err := c.Run(); err != nil {
			fatal(fmt.Errorf("create %s: %w", cfg.Path, err))
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		fatal(err)
	}
	tmp, err := os.MkdirTemp("", "l41-lab")
	if err != nil {
		fatal(err)
	}
	defer os.RemoveAll(tmp)
	name := fmt.Sprintf("%s-%s", filepath.Base(cfg.Bench), cfg.Mode)
	base := filepath.Join(*outDir, name)
	if *probe {
		interrupted := probeEffect(ctx, cfg, tmp, base)
		if interrupted {
			os.RemoveAll(tmp)
			os.Exit(130)
		}
		return
	}
	// The lab's script names io-static; io-dynamic is traced by the same script.
	conds, err := lab.ProbeConditions(tmp, cfg.Script, cfg.Bench, cfg.Mode)
	if err != nil {
		fatal(err)
	}
	cfg.Script = conds[1].Script
	res, err := lab.Run(ctx, cfg, os.Stderr)
	if err != nil {
		fatal(err)
	}
	for i, size := range cfg.Sizes {
		for t := 0; t < cfg.Trials; t++ {
			ns := res.Records[i*cfg.Trials+t].Timestamp
			fmt.Fprintf(os.Stderr, "buffersize %8d trial %d: {\"timestamp\": %d} (%.0f KiB/s)\n", size, t+1, ns, res.Runs[i][t])
		}
	}
	lab.WriteCSV(os.Stdout, res.Summaries)
	writeFile(base+".csv", func(w io.Writer) error { return lab.WriteCSV(w, res.Summaries) })
	fig, err := labplot.Bandwidth(fmt.Sprintf("%s %s performance (median of %d runs; bars span the 25th–75th percentiles)", filepath.Base(cfg.Bench), cfg.Mode, cfg.Trials),
		[]labplot.Series{series(filepath.Base(cfg.Bench)+" "+cfg.Mode, res.Summaries)})
	if err != nil {
		fatal(err)
	}
	writeFigure(base, fig)
}

// probeEffect runs the probe-effect experiment and writes its table (stdout and base
// + "-probe-effect.txt"), CSV and plots; it reports whether Ctrl-C cut it short.
func probeEffect(ctx context.Context, cfg lab.Config, tmp, base string) bool {
	conds, err := lab.ProbeConditions(tmp, cfg.Script, cfg.Bench, cfg.Mode)
	if err != nil {
		fatal(err)
	}
	pc := lab.ProbeConfig{Godtrace: cfg.Godtrace, Bench: cfg.Bench, Mode: cfg.Mode, Path: cfg.Path, Flags: cfg.Flags,
		Sizes: cfg.Sizes, TotalSize: cfg.TotalSize, Trials: cfg.Trials, Conditions: conds}
	bar := newProgress(os.Stderr)
	res, err := lab.RunProbeEffect(ctx, pc, bar.step)
	bar.end()
	if err != nil {
		fatal(err)
	}
	if res.Interrupted {
		fmt.Fprintf(os.Stderr, "l41-lab: interrupted: writing the %d runs measured\n", res.Runs)
	}
	rows := res.Rows()
	if len(rows) == 0 {
		fmt.Fprintln(os.Stderr, "l41-lab: nothing was measured")
		return res.Interrupted
	}
	lab.WriteProbeTable(os.Stdout, res)
	base += "-probe-effect"
	writeFile(base+".txt", func(w io.Writer) error { return lab.WriteProbeTable(w, res) })
	writeFile(base+".csv", func(w io.Writer) error { return lab.WriteProbeCSV(w, rows) })
	var ratios, bws []labplot.Series
	for _, c := range conds {
		var r, b []lab.Summary
		for _, x := range rows {
			if x.Condition == c.Name {
				r, b = append(r, x.Ratio), append(b, x.Bandwidth)
			}
		}
		if len(b) == 0 {
			continue
		}
		bws = append(bws, series(c.Name, b))
		if c.Script != "" {
			ratios = append(ratios, series(c.Name, r))
		}
	}
	bench := filepath.Base(cfg.Bench) + " " + cfg.Mode
	note := fmt.Sprintf("median of %d rounds; bars span the 25th–75th percentiles", cfg.Trials)
	if res.Interrupted {
		note = fmt.Sprintf("interrupted after %d runs; bars span the 25th–75th percentiles", res.Runs)
	}
	if len(ratios) > 0 {
		fig, err := labplot.Ratio(fmt.Sprintf("Probe effect on %s (%s)", bench, note), "traced ÷ untraced bandwidth", ratios)
		if err != nil {
			fatal(err)
		}
		writeFigure(base, fig)
	}
	fig, err := labplot.Bandwidth(fmt.Sprintf("%s traced and untraced (%s)", bench, note), bws)
	if err != nil {
		fatal(err)
	}
	writeFigure(base+"-bandwidth", fig)
	return res.Interrupted
}

// series turns a sweep's summaries into a plotted line.
func series(name string, s []lab.Summary) labplot.Series {
	out := labplot.Series{Name: name}
	for _, x := range s {
		if x.Trials == 0 {
			continue
		}
		out.Points = append(out.Points, labplot.Point{BufferSize: x.BufferSize, Median: x.Median, Q25: x.Q25, Q75: x.Q75})
	}
	return out
}

// writeFigure writes fig as base.png and base.svg.
func writeFigure(base string, fig *labplot.Figure) {
	for _, ext := range []string{".png", ".svg"} {
		writeFile(base+ext, func(w io.Writer) error { return fig.WriteTo(w, ext[1:]) })
	}
}

// writeFile creates path, fills it with write and says so on stderr.
func writeFile(path string, write func(io.Writer) error) {
	f, err := os.Create(path)
	if err != nil {
		fatal(err)
	}
	if err := write(f); err != nil {
		fatal(err)
	}
	if err := f.Close(); err != nil {
		fatal(err)
	}
	fmt.Fprintf(os.Stderr, "wrote %s\n", path)
}

func command(name string, args ...string) *osexec.Cmd {
	c := osexec.Command(name, args...)
	c.Stdout, c.Stderr = os.Stderr, os.Stderr
	return c
}

func fatal(err error) {
	fmt.Fprintf(os.Stderr, "l41-lab: %v\n", err)
	os.Exit(1)
}
