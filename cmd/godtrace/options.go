// This file implements dtrace(1)'s command-line syntax: getopt-style clustered flags
// (-qn, -xopt=val), options that may repeat and whose order matters (-s and -n are
// compiled in command-line order), and the macro arguments after the options.
package main

import (
	"fmt"
	"strings"

	"github.com/godtrace/godtrace/driver"
)

// options holds the parsed command line.
type options struct {
	sources []driver.Source // -s, -n, -P, -m, -f in order
	quiet   bool
	cmds    []string // -c
	pids    []int    // -p
	xopts   []xopt
	output  string // -o
	compile bool   // -e
	zero    bool   // -Z
	verbose bool   // -v
	destr   bool   // -w
	list    bool   // -l
	asm     bool   // -S
	oprint  bool   // -O
	args    []string
}

// xopt is one option to set, from -x or one of its shorthands (-F, -b, -C,
// -D, -U, -I, -H, -X), in command-line order.
type xopt struct {
	name, val string
	flag      string // the shorthand as dtrace(1) names it in "failed to set -D X" ("": -x)
}

// usageError is a command-line error: usage is printed and the exit status is 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// optionsWithArg lists the flags that take an argument.
const optionsWithArg = "bcDfImnoPpsUxX"

// parseArgs parses the arguments after argv[0].
func parseArgs(args []string) (*options, error) {
	o := &options{}
	i := 0
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			i++
			break
		}
		if len(a) < 2 || a[0] != '-' {
			// As dtrace(1), options may follow macro arguments.
			o.args = append(o.args, a)
			continue
		}
		for j := 1; j < len(a); j++ {
			c := a[j]
			var val string
			if strings.IndexByte(optionsWithArg, c) >= 0 {
				if j+1 < len(a) {
					val = a[j+1:]
				} else if i+1 < len(args) {
					i++
					val = args[i]
				} else {
					return nil, &usageError{fmt.Sprintf("option requires an argument -- '%c'", c)}
				}
				j = len(a)
			}
			if err := o.set(c, val); err != nil {
				return nil, err
			}
		}
	}
	o.args = append(o.args, args[i:]...)
	return o, nil
}

func (o *options) set(c byte, val string) error {
	switch c {
	case 'q':
		o.quiet = true
	case 'F':
		o.xopts = append(o.xopts, xopt{name: "flowindent", flag: "-F"})
	case 'e':
		o.compile = true
	case 'Z':
		o.zero = true
	case 'v':
		o.verbose = true
	case 'w':
		o.destr = true
	case 'l':
		o.list = true
	case 'S':
		o.asm = true
	case 'O':
		o.oprint = true
	case 's':
		o.sources = append(o.sources, driver.Source{Script: true, Name: val})
	case 'n':
		o.sources = append(o.sources, driver.Source{Name: val, Text: val})
	case 'P', 'm', 'f':
		desc := describe(c, val)
		o.sources = append(o.sources, driver.Source{Name: desc, Text: desc})
	case 'c':
		o.cmds = append(o.cmds, val)
	case 'p':
		var pid int
		if _, err := fmt.Sscanf(val, "%d", &pid); err != nil || pid <= 0 {
			return fmt.Errorf("invalid process ID: %s", val)
		}
		o.pids = append(o.pids, pid)
	case 'x':
		name, v, _ := strings.Cut(val, "=")
		o.xopts = append(o.xopts, xopt{name: name, val: v})
	case 'b':
		o.xopts = append(o.xopts, xopt{name: "bufsize", val: val, flag: "-b " + val})
	case 'o':
		o.output = val
	case 'C':
		o.xopts = append(o.xopts, xopt{name: "cpp", flag: "-C"})
	case 'H':
		o.xopts = append(o.xopts, xopt{name: "cpphdrs", flag: "-H"})
	case 'D', 'I', 'U', 'X':
		name := map[byte]string{'D': "define", 'I': "incdir", 'U': "undef", 'X': "stdc"}[c]
		o.xopts = append(o.xopts, xopt{name: name, val: val, flag: fmt.Sprintf("-%c %s", c, val)})
	default:
		return &usageError{fmt.Sprintf("illegal option -- %c", c)}
	}
	return nil
}

// describe turns -P/-m/-f/-i arguments into a probe description as dtrace(1) does: the
// argument fills the named field and those to its left, the rest are empty.
func describe(c byte, val string) string {
	spec, rest := val, ""
	if k := strings.IndexAny(val, "/{"); k >= 0 {
		spec, rest = val[:k], val[k:]
	}
	spec = strings.TrimSpace(spec)
	switch c {
	case 'P':
		spec += ":::"
	case 'm':
		spec += "::"
	case 'f':
		spec += ":"
	}
	if rest != "" {
		return spec + " " + rest
	}
	return spec
}

// usage is dtrace(1)'s usage text restricted to what godtrace implements.
func usage(prog string) string {
	return fmt.Sprintf(`Usage: %[1]s [-CeFHlqSvwZ] [-b bufsz] [-c cmd] [-D name[=def]]
	[-I path] [-o output] [-p pid] [-s script] [-U name]
	[-x opt[=val]] [-X a|c|s|t]

	[-P provider [[ predicate ] action ]]
	[-m [ provider: ] module [[ predicate ] action ]]
	[-f [[ provider: ] module: ] func [[ predicate ] action ]]
	[-n [[[ provider: ] module: ] func: ] name [[ predicate ] action ]]
	[ args ... ]

	predicate -> '/' D-expression '/'
	   action -> '{' D-statements '}'

	-b  set trace buffer size
	-c  run specified command and exit upon its completion
	-C  run cpp(1) preprocessor on script files
	-D  define symbol when invoking preprocessor
	-e  exit after compiling request but prior to enabling probes
	-f  enable or list probes matching the specified function name
	-F  coalesce trace output by function
	-H  print included files when invoking preprocessor
	-I  add include directory to preprocessor search path
	-l  list probes matching specified criteria
	-m  enable or list probes matching the specified module name
	-n  enable or list probes matching the specified probe name
	-o  set output file
	-p  grab specified process-ID and cache its symbol tables
	-P  enable or list probes matching the specified provider name
	-q  set quiet mode (only output explicitly traced data)
	-s  enable or list probes according to the specified D script
	-S  print D compiler intermediate code
	-U  undefine symbol when invoking preprocessor
	-v  set verbose mode (report stability attributes, arguments)
	-w  permit destructive actions
	-x  enable or modify compiler and tracing options
	-X  specify ISO C conformance settings for preprocessor
	-Z  permit probe descriptions that match zero probes
`, prog)
}
