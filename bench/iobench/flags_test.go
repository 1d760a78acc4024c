// This file implements tests of the command line: the flag matrix, strtol and the usage text.

package iobench

import (
	"math"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		args []string
		want *Config // nil: usage
		diag string  // getopt's diagnostic when want is nil
	}{
		{args: nil},
		{args: []string{"f"}},
		{args: []string{"-r"}},
		{args: []string{"-r", "f", "g"}},
		{args: []string{"-r", "-w", "f"}},
		{args: []string{"-r", "-c", "f"}},
		{args: []string{"-rr", "f"}}, // two modes: rflag is 2
		{args: []string{"-r", "f"}, want: &Config{Read: true}},
		{args: []string{"-w", "f"}, want: &Config{Write: true}},
		{args: []string{"f", "-w"}, want: &Config{Write: true}}, // glibc permutes operands
		{args: []string{"-r", "--", "-f"}, want: &Config{Read: true, Path: "-f"}},
		{args: []string{"-r", "-", "x"}},
		{args: []string{"-r", "-"}, want: &Config{Read: true, Path: "-"}},
		{args: []string{"-rBdqsv", "f"}, want: &Config{Read: true, Bare: true, Direct: true, Quiet: true, Sync: true, Verbose: true}},
		{args: []string{"-w", "-B", "-d", "-q", "-s", "-v", "f"}, want: &Config{Write: true, Bare: true, Direct: true, Quiet: true, Sync: true, Verbose: true}},
		{args: []string{"-c", "f"}, want: &Config{Create: true, Bare: true, Verbose: true, Write: true}},
		{args: []string{"-c", "-b", "512", "-t", "1024", "f"}, want: &Config{Create: true, Bare: true, Verbose: true, Write: true, BufferSize: 512, TotalSize: 1024}},
		{args: []string{"-c", "-B", "f"}},
		{args: []string{"-c", "-d", "f"}},
		{args: []string{"-c", "-q", "f"}},
		{args: []string{"-c", "-s", "f"}},
		{args: []string{"-c", "-v", "f"}},
		{args: []string{"-c", "-w", "f"}},
		{args: []string{"-r", "-b", "8192", "f"}, want: &Config{Read: true, BufferSize: 8192}},
		{args: []string{"-r", "-b8192", "f"}, want: &Config{Read: true, BufferSize: 8192}},
		{args: []string{"-rb8192", "f"}, want: &Config{Read: true, BufferSize: 8192}},
		{args: []string{"-rb", "8192", "f"}, want: &Config{Read: true, BufferSize: 8192}},
		{args: []string{"-r", "-t", "4096", "f"}, want: &Config{Read: true, TotalSize: 4096}},
		{args: []string{"-r", "-b", " +8192", "f"}, want: &Config{Read: true, BufferSize: 8192}},
		{args: []string{"-r", "-b", "99999999999999999999", "f"}, want: &Config{Read: true, BufferSize: math.MaxInt64}},
		{args: []string{"-r", "-b", "0", "f"}},
		{args: []string{"-r", "-b", "-512", "f"}},
		{args: []string{"-r", "-b", "", "f"}},
		{args: []string{"-r", "-b", "8k", "f"}},
		{args: []string{"-r", "-b", "0x10", "f"}},
		{args: []string{"-r", "-b", "512 ", "f"}},
		{args: []string{"-r", "-t", "0", "f"}},
		{args: []string{"-r", "-t", "x", "f"}},
		{args: []string{"-r", "-b", "-r", "f"}}, // -b takes "-r" as its argument
		{args: []string{"-r", "f", "-b"}, diag: "prog: option requires an argument -- 'b'\n"},
		{args: []string{"-r", "f", "-t"}, diag: "prog: option requires an argument -- 't'\n"},
		{args: []string{"-r", "-x", "f"}, diag: "prog: invalid option -- 'x'\n"},
		{args: []string{"-rx", "f"}, diag: "prog: invalid option -- 'x'\n"},
		{args: []string{"--read", "f"}, diag: "prog: invalid option -- '-'\n"},
		{args: []string{"-r:", "f"}, diag: "prog: invalid option -- ':'\n"},
	}
	for _, tt := range tests {
		argv := append([]string{"prog"}, tt.args...)
		cfg, diag, ok := Parse(argv)
		if tt.want == nil {
			if ok || diag != tt.diag {
				t.Errorf("Parse(%q) = %+v, %q, %v; want usage with diagnostic %q", tt.args, cfg, diag, ok, tt.diag)
			}
			continue
		}
		want := *tt.want
		if want.BufferSize == 0 {
			want.BufferSize = DefaultBufferSize
		}
		if want.TotalSize == 0 {
			want.TotalSize = DefaultTotalSize
		}
		if want.Path == "" {
			want.Path = "f"
		}
		if !ok || diag != "" || cfg != want {
			t.Errorf("Parse(%q) = %+v, %q, %v; want %+v", tt.args, cfg, diag, ok, want)
		}
	}
}

func TestStrtol(t *testing.T) {
	tests := []struct {
		in   string
		v    int64
		rest string
	}{
		{"0", 0, ""},
		{"16384", 16384, ""},
		{"\t\n\v\f\r 12", 12, ""},
		{"-7x", -7, "x"},
		{"+", 0, "+"},
		{"", 0, ""},
		{"  ", 0, "  "},
		{"9223372036854775807", math.MaxInt64, ""},
		{"9223372036854775808", math.MaxInt64, ""},
		{"-9223372036854775808", math.MinInt64, ""},
		{"-9223372036854775809", math.MinInt64, ""},
		{"123456789012345678901234567890z", math.MaxInt64, "z"},
	}
	for _, tt := range tests {
		v, rest := strtol(tt.in)
		if v != tt.v || rest != tt.rest {
			t.Errorf("strtol(%q) = %d, %q; want %d, %q", tt.in, v, rest, tt.v, tt.rest)
		}
	}
}

// The usage text is the original's fprintf output with PROGNAME and the two defaults filled
// in; among its quirks is the extra space after "-b buffersize".
func TestUsage(t *testing.T) {
	got := Usage("io-static")
	want := `io-static -c|-r|-w [-Bdqsv] [-b buffersize] [-t totalsize] path

Modes (pick one):
    -c              'create mode': create benchmark data file
    -r              'read mode': read() benchmark
    -w              'write mode': write() benchmark

Optional flags:
    -B              Run in bare mode: no preparatory activities
    -d              Set O_DIRECT flag to bypass buffer cache
    -q              Just run the benchmark, don't print stuff out
    -s              Call fsync() on the file descriptor when complete
    -v              Provide a verbose benchmark description
    -b buffersize    Specify a buffer size (default: 16384)
    -t totalsize    Specify total I/O size (default: 16777216)
`
	if got != want {
		t.Errorf("Usage mismatch:\n%s\nwant:\n%s", got, want)
	}
	if !strings.HasPrefix(Usage("io-dynamic"), "io-dynamic -c|-r|-w ") {
		t.Errorf("Usage(io-dynamic) does not start with its name: %q", Usage("io-dynamic")[:30])
	}
}
