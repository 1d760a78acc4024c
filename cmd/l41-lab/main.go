// Command l41-lab replays an L41 lab notebook experiment: it arms a D script with godtrace,
// sweeps io-static over the notebook's buffer sizes, and writes the medians and quartiles of
// I/O bandwidth as CSV and as PNG and SVG plots.
//
//	l41-lab -mode read -trials 2 -out results/
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
	flag.StringVar(&cfg.Mode, "mode", "read", "read or write")
	flag.StringVar(&cfg.Path, "file", "iofile", "benchmark data file (created when missing)")
	flag.Int64Var(&cfg.TotalSize, "t", 16<<20, "total I/O size per run")
	flag.IntVar(&cfg.Trials, "trials", 2, "runs per buffer size (the notebook's NUM_TRIALS)")
	sizes := flag.String("sizes", "", "comma-separated buffer sizes (default: the notebook's 512 B … 16 MiB)")
	direct := flag.Bool("d", false, "pass -d (O_DIRECT) to the benchmark")
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
	res, err := lab.Run(ctx, cfg, os.Stderr)
	if err != nil {
		fatal(err)
	}
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		fatal(err)
	}
	for i, size := range cfg.Sizes {
		for t := 0; t < cfg.Trials; t++ {
			ns := res.Records[i*cfg.Trials+t].Timestamp
			fmt.Fprintf(os.Stderr, "buffersize %8d trial %d: {\"timestamp\": %d} (%.0f KiB/s)\n", size, t+1, ns, res.Runs[i][t])
		}
	}
	name := fmt.Sprintf("%s-%s", filepath.Base(cfg.Bench), cfg.Mode)
	lab.WriteCSV(os.Stdout, res.Summaries)
	base := filepath.Join(*outDir, name)
	writeFile(base+".csv", func(w io.Writer) error { return lab.WriteCSV(w, res.Summaries) })
	fig, err := labplot.Bandwidth(fmt.Sprintf("%s %s performance (median of %d runs; bars span the 25th–75th percentiles)", filepath.Base(cfg.Bench), cfg.Mode, cfg.Trials),
		[]labplot.Series{series(filepath.Base(cfg.Bench)+" "+cfg.Mode, res.Summaries)})
	if err != nil {
		fatal(err)
	}
	for _, ext := range []string{".png", ".svg"} {
		writeFile(base+ext, func(w io.Writer) error { return fig.WriteTo(w, ext[1:]) })
	}
}

// series turns a sweep's summaries into a plotted line.
func series(name string, s []lab.Summary) labplot.Series {
	out := labplot.Series{Name: name}
	for _, x := range s {
		out.Points = append(out.Points, labplot.Point{BufferSize: x.BufferSize, Median: x.Median, Q25: x.Q25, Q75: x.Q75})
	}
	return out
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
