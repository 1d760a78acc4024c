// This file implements the -x options and their #pragma D option equivalents.
package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/godtrace/godtrace/runtime/format"
)

// xopts holds the options godtrace acts on.
type xopts struct {
	quiet       bool
	strsize     int
	bufsize     int
	aggsize     int64 // bytes; each aggregation's map holds aggsize / entry size entries
	errtags     bool
	zdefs       bool
	destructive bool
	defaultargs bool
	flowindent  bool
	sort        format.SortOptions // aggsortkey, aggsortrev, aggsortpos, aggsortkeypos
}

func defaultXopts() *xopts { return &xopts{strsize: 256} }

// accepted lists DTrace options godtrace accepts and has no use for (yet): they change
// buffer policies and rates that the BPF ring buffer does not have, or output modes not
// implemented; accepting them keeps scripts that set them running.
var accepted = map[string]bool{
	"aggrate": true, "bufpolicy": true, "bufresize": true, "cleanrate": true,
	"cpu": true, "dynvarsize": true, "grabanon": true,
	"jstackframes": true, "jstackstrsize": true, "nspec": true, "specsize": true,
	"stackframes": true, "stackindent": true, "statusrate": true, "switchrate": true,
	"ustackframes": true, "aggpercpu": true, "rawbytes": true, "temporal": true,
	"verbose": true, "zone": true, "linkmode": true, "unodefs": true, "incdir": true,
	"libdir": true, "define": true, "undef": true, "cpphdrs": true, "cpppath": true,
	"disasm": true, "droptags": true, "evaltime": true, "iregs": true, "knodefs": true,
	"lazyload": true, "ldpath": true, "libdynvars": true, "linktype": true, "modpath": true,
	"pgmax": true, "pspec": true, "stdc": true, "strip": true, "syslibdir": true,
	"tree": true, "tregs": true, "udefs": true, "version": true, "amin": true,
	"argref": true, "core": true, "encoding": true,
}

// set applies one option; the error text is DTrace's.
func (x *xopts) set(name, val string) error {
	switch name {
	case "quiet":
		x.quiet = true
	case "errtags":
		x.errtags = true
	case "zdefs":
		x.zdefs = true
	case "destructive":
		x.destructive = true
	case "defaultargs":
		x.defaultargs = true
	case "flowindent":
		x.flowindent = true
	case "aggsortkey":
		x.sort.Key = true
	case "aggsortrev":
		x.sort.Rev = true
	case "aggsortpos", "aggsortkeypos":
		n, err := strconv.Atoi(val)
		if err != nil || n < 0 {
			return fmt.Errorf("Invalid value for specified option")
		}
		if name == "aggsortpos" {
			x.sort.Pos = n
		} else {
			x.sort.KeyPos = n
		}
	case "strsize":
		n, err := parseSize(val)
		if err != nil || n <= 0 {
			return fmt.Errorf("Invalid value for specified option")
		}
		x.strsize = int(n)
	case "aggsize":
		n, err := parseSize(val)
		if err != nil || n <= 0 {
			return fmt.Errorf("Invalid value for specified option")
		}
		x.aggsize = n
	case "bufsize":
		n, err := parseSize(val)
		if err != nil || n <= 0 {
			return fmt.Errorf("Invalid value for specified option")
		}
		x.bufsize = int(n)
	default:
		if !accepted[name] {
			return fmt.Errorf("Invalid option name")
		}
	}
	return nil
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
