// This file implements dt_print_bytes: how DTrace prints a record that is
// not an integer (strings, structures, tracemem()).

package format

import (
	"fmt"
	"sort"
	"strings"
)

// isPrintable is the C locale's isprint || isspace, plus '\b' and '\a'
// (bytes >= 0x80 are negative chars in C and fail).
func isPrintable(c byte) bool {
	return (c >= 0x20 && c <= 0x7e) || (c >= '\t' && c <= '\r') || c == '\b' || c == '\a'
}

// printBytes prints b as a string when it is printable characters followed
// by NULs only, else as a hex dump. width is negative for left-justified
// columns (-33 for trace(), -50 for aggregation keys).
func printBytes(out *strings.Builder, b []byte, width int, quiet, forceRaw bool) {
	if len(b) == 0 {
		return
	}
	if !forceRaw {
		i := 0
		for ; i < len(b); i++ {
			if isPrintable(b[i]) {
				continue
			}
			if b[i] == 0 && i > 0 {
				j := i + 1
				for j < len(b) && b[j] == 0 {
					j++
				}
				if j != len(b) {
					break
				}
				s := string(b[:i])
				if quiet {
					out.WriteString(s)
				} else {
					lead := ""
					if width < 0 {
						lead = " "
					}
					fmt.Fprintf(out, " %s%*s", lead, width, s)
				}
				return
			}
			break
		}
		if i == len(b) {
			fmt.Fprintf(out, "  %-*s", abs(width), string(b))
			return
		}
	}
	const margin = 5
	fmt.Fprintf(out, "\n%*s      ", margin, "")
	for i := 0; i < 16; i++ {
		fmt.Fprintf(out, "  %c", "0123456789abcdef"[i])
	}
	out.WriteString("  0123456789abcdef\n")
	for i := 0; i < len(b); i += 16 {
		fmt.Fprintf(out, "%*s%5x:", margin, "", i)
		j := i
		for ; j < i+16 && j < len(b); j++ {
			fmt.Fprintf(out, " %02x", b[j])
		}
		for ; j%16 != 0; j++ {
			out.WriteString("   ")
		}
		out.WriteString("  ")
		for j = i; j < i+16 && j < len(b); j++ {
			c := b[j]
			if c < ' ' || c > '~' {
				c = '.'
			}
			out.WriteByte(c)
		}
		out.WriteByte('\n')
	}
}

func sortBundles(bs []bundle, less func(x, y *bundle) bool) {
	sort.SliceStable(bs, func(i, j int) bool { return less(&bs[i], &bs[j]) })
}
