// This file implements the benchmark's command line: glibc getopt(3) semantics over the
// original's option string "Bb:cdqrst:vw", strtol(3) parsing of -b/-t, and the checks that
// io.c's main() makes before it runs the benchmark.

package iobench

import "math"

// Defaults of the original (BLOCKSIZE and TOTALSIZE in io.c).
const (
	DefaultBufferSize = 16 * 1024
	DefaultTotalSize  = 16 * 1024 * 1024
)

// Config is a parsed command line.
type Config struct {
	Bare, Create, Direct, Quiet, Read, Sync, Verbose, Write bool

	BufferSize int64 // -b, bytes per read/write call
	TotalSize  int64 // -t, bytes in all
	Path       string
}

// Operation names the operation the way the -v block prints it.
func (c *Config) Operation() string {
	switch {
	case c.Create:
		return "create"
	case c.Write:
		return "write"
	}
	return "read"
}

// Parse parses argv (argv[0] is the program as invoked) as the original's main() does.
// When the command line is not acceptable it returns ok == false, and diag holds getopt's
// own diagnostic line for an unknown option or a missing option argument (empty otherwise);
// the caller then prints diag and the usage text and exits with status 64.
//
// Like glibc's getopt, options may follow the path (operands are permuted to the end) and
// "--" ends the options. Create mode refuses -B -d -q -r -s -v and then implies bare,
// verbose and write, as in the original.
func Parse(argv []string) (cfg Config, diag string, ok bool) {
	cfg.BufferSize = DefaultBufferSize
	cfg.TotalSize = DefaultTotalSize
	name := ""
	if len(argv) > 0 {
		name = argv[0]
	}
	var operands []string
	var modes int
	for i := 1; i < len(argv); i++ {
		arg := argv[i]
		if arg == "--" {
			operands = append(operands, argv[i+1:]...)
			break
		}
		if len(arg) < 2 || arg[0] != '-' {
			operands = append(operands, arg)
			continue
		}
		for j := 1; j < len(arg); j++ {
			c := arg[j]
			switch c {
			case 'B':
				cfg.Bare = true
			case 'c':
				cfg.Create = true
				modes++
			case 'd':
				cfg.Direct = true
			case 'q':
				cfg.Quiet = true
			case 'r':
				cfg.Read = true
				modes++
			case 's':
				cfg.Sync = true
			case 'v':
				cfg.Verbose = true
			case 'w':
				cfg.Write = true
				modes++
			case 'b', 't':
				var optarg string
				switch {
				case j+1 < len(arg):
					optarg = arg[j+1:]
				case i+1 < len(argv):
					i++
					optarg = argv[i]
				default:
					return cfg, name + ": option requires an argument -- '" + string(c) + "'\n", false
				}
				v, rest := strtol(optarg)
				if optarg == "" || rest != "" || v <= 0 {
					return cfg, "", false
				}
				if c == 'b' {
					cfg.BufferSize = v
				} else {
					cfg.TotalSize = v
				}
				j = len(arg) // the rest of this word was the argument
			default:
				return cfg, name + ": invalid option -- '" + string(c) + "'\n", false
			}
		}
	}
	if modes != 1 {
		return cfg, "", false
	}
	if cfg.Create {
		if cfg.Bare || cfg.Direct || cfg.Quiet || cfg.Read || cfg.Sync || cfg.Verbose {
			return cfg, "", false
		}
		cfg.Bare, cfg.Verbose, cfg.Write = true, true, true
	}
	if len(operands) != 1 {
		return cfg, "", false
	}
	cfg.Path = operands[0]
	return cfg, "", true
}

// strtol converts the longest prefix of s that strtol(3) accepts in base 10 (leading white
// space, an optional sign, decimal digits), saturating at the int64 limits as strtol does
// on overflow, and returns the unconverted rest. With no digits, the rest is all of s.
func strtol(s string) (int64, string) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] >= '\t' && s[i] <= '\r') {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v uint64
	overflow := false
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		d := uint64(s[i] - '0')
		if v > (math.MaxUint64-d)/10 {
			overflow = true
		} else {
			v = v*10 + d
		}
		i++
	}
	if i == start {
		return 0, s
	}
	switch {
	case neg && (overflow || v > 1<<63):
		return math.MinInt64, s[i:]
	case neg:
		return -int64(v), s[i:]
	case overflow || v > math.MaxInt64:
		return math.MaxInt64, s[i:]
	}
	return int64(v), s[i:]
}
