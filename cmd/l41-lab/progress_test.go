package main

import (
	"strings"
	"testing"

	"github.com/godtrace/godtrace/bench/lab"
)

// TestProgress: on a terminal the bar is redrawn in place (carriage return, erase line) and
// ends with a newline; elsewhere one plain line per swept condition and nothing else.
func TestProgress(t *testing.T) {
	steps := []lab.Step{
		{Done: 1, Total: 4, Trial: 1, Condition: "untraced", BufferSize: 512, Rate: 2048},
		{Done: 2, Total: 4, Trial: 1, Condition: "untraced", BufferSize: 1024, Rate: 4 << 20, Swept: true},
		{Done: 4, Total: 4, Trial: 1, Condition: "io_performance.d", BufferSize: 1024, Rate: 4 << 20, Swept: true},
	}
	var term, plain strings.Builder
	pt, pp := &progress{w: &term, terminal: true}, &progress{w: &plain}
	for _, s := range steps {
		pt.step(s)
		pp.step(s)
	}
	pt.end()
	pp.end()
	want := "\r\033[K[=======                       ]  25%  round 1  untraced                    512 B  2.00 MiB/s" +
		"\r\033[K[===============               ]  50%  round 1  untraced                    1 KiB  4.00 GiB/s" +
		"\r\033[K[==============================] 100%  round 1  io_performance.d            1 KiB  4.00 GiB/s\n"
	if term.String() != want {
		t.Errorf("terminal:\n%q\nwant\n%q", term.String(), want)
	}
	if want := "round 1: untraced swept (2/4 runs)\nround 1: io_performance.d swept (4/4 runs)\n"; plain.String() != want {
		t.Errorf("plain:\n%q\nwant\n%q", plain.String(), want)
	}
}
