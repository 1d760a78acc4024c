// This file implements DTrace's options: -x name=value, its command-line shorthands
// (-q, -Z, -w, -F, -b) and #pragma D option, which the Parse step applies.
package driver

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/godtrace/godtrace/dlang/cpp"
	"github.com/godtrace/godtrace/runtime/format"
)

// Options holds the DTrace options godtrace acts on.
type Options struct {
	Quiet       bool
	StrSize     int
	BufSize     int
	AggSize     int64 // bytes; each aggregation's map holds AggSize / entry size entries
	ErrTags     bool
	ZDefs       bool
	Destructive bool
	DefaultArgs bool
	FlowIndent  bool
	Sort        format.SortOptions // aggsortkey, aggsortrev, aggsortpos, aggsortkeypos

	// The C preprocessor's options (the Preprocess step).
	CPP     bool         // cpp (-C): preprocess -s scripts
	Defines []cpp.Define // define (-D) and undef (-U), in order
	IncDirs []string     // incdir (-I)
	CPPHdrs bool         // cpphdrs (-H): print the included files' names
	StdC    byte         // stdc (-X): 'a' (the default), 'c', 's' or 't'
	// OFormat is the output format: "" (text, DTrace's) or "json" (FreeBSD's structured
	// output, one object a line: docs/json-output.md).
	OFormat string
	// PrintAggs is -O: with OFormat, print the aggregations printa() has not printed at
	// exit (structured output prints none unless asked).
	PrintAggs bool
	// AggRate, when set (-x aggrate=...) with OFormat json, is how often every
	// aggregation is printed while tracing runs.
	AggRate time.Duration
}

// DefaultOptions returns DTrace's defaults.
func DefaultOptions() *Options { return &Options{StrSize: 256, StdC: 'a'} }

// preprocessorOptions are the options that take effect when the next script
// is preprocessed: dtrace(1) refuses them from within a D program.
var preprocessorOptions = map[string]bool{
	"cpp": true, "define": true, "undef": true, "incdir": true, "cpphdrs": true, "cpppath": true, "stdc": true,
}

// SetPragma applies "#pragma D option name=val" from within a program.
func (o *Options) SetPragma(name, val string) error {
	if preprocessorOptions[name] {
		return fmt.Errorf("Option cannot be used from within a D program")
	}
	return o.Set(name, val)
}

// accepted lists DTrace options godtrace accepts and has no use for (yet): they change
// buffer policies and rates that the BPF ring buffer does not have, or output modes not
// implemented; accepting them keeps scripts that set them running.
var accepted = map[string]bool{
	"bufpolicy": true, "bufresize": true, "cleanrate": true,
	"cpu": true, "dynvarsize": true, "grabanon": true,
	"jstackframes": true, "jstackstrsize": true, "nspec": true, "specsize": true,
	"stackframes": true, "stackindent": true, "statusrate": true, "switchrate": true,
	"ustackframes": true, "aggpercpu": true, "rawbytes": true, "temporal": true,
	"verbose": true, "zone": true, "linkmode": true, "unodefs": true,
	"libdir": true,
	"disasm": true, "droptags": true, "evaltime": true, "iregs": true, "knodefs": true,
	"lazyload": true, "ldpath": true, "libdynvars": true, "linktype": true, "modpath": true,
	"pgmax": true, "pspec": true, "strip": true, "syslibdir": true,
	// godtrace's preprocessor is built in: there is no cpp program to choose.
	"cpppath": true,
	"tree":    true, "tregs": true, "udefs": true, "version": true, "amin": true,
	"argref": true, "core": true, "encoding": true,
}

// Set applies one option; the error text is DTrace's.
func (o *Options) Set(name, val string) error {
	switch name {
	case "quiet":
		o.Quiet = true
	case "errtags":
		o.ErrTags = true
	case "zdefs":
		o.ZDefs = true
	case "destructive":
		o.Destructive = true
	case "defaultargs":
		o.DefaultArgs = true
	case "flowindent":
		o.FlowIndent = true
	case "aggsortkey":
		o.Sort.Key = true
	case "aggsortrev":
		o.Sort.Rev = true
	case "aggsortpos", "aggsortkeypos":
		n, err := strconv.Atoi(val)
		if err != nil || n < 0 {
			return fmt.Errorf("Invalid value for specified option")
		}
		if name == "aggsortpos" {
			o.Sort.Pos = n
		} else {
			o.Sort.KeyPos = n
		}
	case "oformat":
		switch val {
		case "json":
			o.OFormat = "json"
		case "text", "none", "":
			o.OFormat = ""
		default:
			// FreeBSD hands the value to libxo, which also writes XML and HTML; godtrace
			// writes JSON only.
			return fmt.Errorf("Invalid value for specified option")
		}
	case "aggrate":
		d, err := parseTime(val)
		if err != nil || d <= 0 {
			return fmt.Errorf("Invalid value for specified option")
		}
		o.AggRate = d
	case "strsize":
		n, err := parseSize(val)
		if err != nil || n <= 0 {
			return fmt.Errorf("Invalid value for specified option")
		}
		o.StrSize = int(n)
	case "aggsize":
		n, err := parseSize(val)
		if err != nil || n <= 0 {
			return fmt.Errorf("Invalid value for specified option")
		}
		o.AggSize = n
	case "cpp":
		if val != "" {
			return fmt.Errorf("Invalid value for specified option")
		}
		o.CPP = true
	case "define", "undef", "incdir":
		if val == "" {
			return fmt.Errorf("Invalid value for specified option")
		}
		switch name {
		case "define":
			o.Defines = append(o.Defines, cpp.D(val))
		case "undef":
			o.Defines = append(o.Defines, cpp.U(val))
		default:
			o.IncDirs = append(o.IncDirs, val)
		}
	case "cpphdrs":
		if val != "" {
			return fmt.Errorf("Invalid value for specified option")
		}
		o.CPPHdrs = true
	case "stdc":
		if len(val) != 1 || strings.IndexByte("acst", val[0]) < 0 {
			return fmt.Errorf("Invalid value for specified option")
		}
		o.StdC = val[0]
	case "bufsize":
		n, err := parseSize(val)
		if err != nil || n <= 0 {
			return fmt.Errorf("Invalid value for specified option")
		}
		o.BufSize = int(n)
	default:
		if !accepted[name] {
			return fmt.Errorf("Invalid option name")
		}
	}
	return nil
}

// parseTime parses a time option as dtrace(1) does: a number with one of the suffixes
// ns, nsec, us, usec, ms, msec, s, sec, m, min, h, hour, d, day or hz (a rate); no suffix
// is hz.
func parseTime(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	if err != nil {
		return 0, err
	}
	unit := map[string]time.Duration{"ns": 1, "nsec": 1, "us": time.Microsecond, "usec": time.Microsecond,
		"ms": time.Millisecond, "msec": time.Millisecond, "s": time.Second, "sec": time.Second,
		"m": time.Minute, "min": time.Minute, "h": time.Hour, "hour": time.Hour, "d": 24 * time.Hour, "day": 24 * time.Hour}
	switch suf := s[i:]; suf {
	case "", "hz":
		if v <= 0 {
			return 0, fmt.Errorf("rate %v", v)
		}
		return time.Duration(float64(time.Second) / v), nil
	default:
		u, ok := unit[suf]
		if !ok {
			return 0, fmt.Errorf("unit %q", suf)
		}
		return time.Duration(v * float64(u)), nil
	}
}

// parseSize parses a size with DTrace's suffixes (k, m, g, t; either case).
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	mul := int64(1)
	if n := len(s); n > 0 {
		switch s[n-1] {
		case 'k', 'K':
			mul = 1 << 10
		case 'm', 'M':
			mul = 1 << 20
		case 'g', 'G':
			mul = 1 << 30
		case 't', 'T':
			mul = 1 << 40
		}
		if mul != 1 {
			s = s[:n-1]
		}
	}
	v, err := strconv.ParseInt(s, 0, 64)
	if err != nil {
		return 0, err
	}
	return v * mul, nil
}
