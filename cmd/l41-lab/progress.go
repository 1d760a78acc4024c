package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/godtrace/godtrace/bench/lab"
)

// progress shows how far the probe-effect experiment is: a bar redrawn in place on a
// terminal; elsewhere (a pipe, a log file, CI) one plain line per condition swept.
type progress struct {
	w        io.Writer
	terminal bool
	drawn    bool
}

func newProgress(f *os.File) *progress {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return &progress{w: f, terminal: err == nil && os.Getenv("TERM") != "dumb"}
}

const barWidth = 30

func (p *progress) step(s lab.Step) {
	if p.terminal {
		n := barWidth * s.Done / s.Total
		fmt.Fprintf(p.w, "\r\033[K[%s%s] %3d%%  round %d  %-24s %8s  %s", strings.Repeat("=", n), strings.Repeat(" ", barWidth-n),
			100*s.Done/s.Total, s.Trial, s.Condition, lab.SizeName(s.BufferSize), lab.RateName(s.Rate))
		p.drawn = true
		return
	}
	if s.Swept {
		fmt.Fprintf(p.w, "round %d: %s swept (%d/%d runs)\n", s.Trial, s.Condition, s.Done, s.Total)
	}
}

func (p *progress) end() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}
