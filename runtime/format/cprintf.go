// This file implements the C printf(3) conversions DTrace hands its values to
// (dt_printf calls the C library with a rebuilt format such as "%-8.3lld"),
// with C's rules for flags, width and precision, which differ from Go's fmt.

package format

import (
	"math"
	"strconv"
	"strings"
)

// spec is a C conversion specification after DTrace has rebuilt it.
type spec struct {
	alt, zero, left, plus, space bool
	group                        string // "'" flag: the locale's thousands separator, or ""

	width int // >= 0
	prec  int // < 0: none
}

// pad lays body out in the field: left-justified, right-justified with
// spaces, or with zeros inserted after the sign/prefix of length signLen.
func (s spec) pad(body string, signLen int, zeroOK bool) string {
	n := s.width - len(body)
	if n <= 0 {
		return body
	}
	switch {
	case s.left:
		return body + strings.Repeat(" ", n)
	case s.zero && zeroOK:
		return body[:signLen] + strings.Repeat("0", n) + body[signLen:]
	default:
		return strings.Repeat(" ", n) + body
	}
}

// cInt formats an integer for the C conversions d, i, u, o, x, X. neg and
// mag are the sign and magnitude; signed says whether the conversion is
// d or i (which honour '+' and ' ').
func cInt(s spec, verb byte, neg bool, mag uint64) string {
	base := 10
	switch verb {
	case 'o':
		base = 8
	case 'x', 'X':
		base = 16
	}
	digits := strconv.FormatUint(mag, base)
	if verb == 'X' {
		digits = strings.ToUpper(digits)
	}
	if s.prec == 0 && mag == 0 {
		digits = ""
	}
	if s.group != "" && base == 10 && s.prec < 0 {
		digits = groupDigits(digits, s.group)
	}
	if s.prec > len(digits) {
		digits = strings.Repeat("0", s.prec-len(digits)) + digits
	}
	prefix := ""
	switch verb {
	case 'd', 'i':
		switch {
		case neg:
			prefix = "-"
		case s.plus:
			prefix = "+"
		case s.space:
			prefix = " "
		}
	case 'o':
		if s.alt && !strings.HasPrefix(digits, "0") {
			digits = "0" + digits
		}
	case 'x':
		if s.alt && mag != 0 {
			prefix = "0x"
		}
	case 'X':
		if s.alt && mag != 0 {
			prefix = "0X"
		}
	}
	return s.pad(prefix+digits, len(prefix), s.prec < 0)
}

// cSigned formats a signed integer with a C integer conversion.
func cSigned(s spec, verb byte, v int64) string {
	if verb != 'd' && verb != 'i' {
		return cInt(s, verb, false, uint64(v))
	}
	if v < 0 {
		return cInt(s, verb, true, uint64(-v)) // -MinInt64 wraps to its magnitude
	}
	return cInt(s, verb, false, uint64(v))
}

// cUnsigned formats an unsigned integer with a C integer conversion; d and i
// print it as the bits of a signed value of the same width (width is 4 or 8).
func cUnsigned(s spec, verb byte, v uint64, width int) string {
	if verb == 'd' || verb == 'i' {
		if width == 8 {
			return cSigned(s, verb, int64(v))
		}
		return cSigned(s, verb, int64(int32(uint32(v))))
	}
	return cInt(s, verb, false, v)
}

// cString formats a C string (%s): the precision truncates, the width pads.
// A '0' flag pads with zeros, as the BSD and illumos C libraries do.
func cString(s spec, str string) string {
	if s.prec >= 0 && len(str) > s.prec {
		str = str[:s.prec]
	}
	return s.pad(str, 0, true)
}

// cChar formats %c: the low byte of the value.
func cChar(s spec, c byte) string {
	return s.pad(string([]byte{c}), 0, true)
}

// cFloat formats e, E, f, g, G as C does (default precision 6, at least two
// exponent digits, "inf"/"nan").
func cFloat(s spec, verb byte, f float64) string {
	prec := s.prec
	if prec < 0 {
		prec = 6
	}
	neg := math.Signbit(f)
	if neg {
		f = -f
	}
	var body string
	zeroOK := true
	switch {
	case math.IsInf(f, 0):
		body, zeroOK = "inf", false
	case math.IsNaN(f):
		body, zeroOK = "nan", false
	default:
		switch verb {
		case 'e', 'E':
			body = strconv.FormatFloat(f, 'e', prec, 64)
			if s.alt && prec == 0 {
				i := strings.IndexByte(body, 'e')
				body = body[:i] + "." + body[i:]
			}
		case 'f', 'F':
			body = strconv.FormatFloat(f, 'f', prec, 64)
			if s.alt && prec == 0 {
				body += "."
			}
		case 'g', 'G':
			body = cG(f, prec, s.alt)
		}
	}
	if verb == 'E' || verb == 'G' {
		body = strings.ToUpper(body)
	}
	sign := ""
	switch {
	case neg:
		sign = "-"
	case s.plus:
		sign = "+"
	case s.space:
		sign = " "
	}
	return s.pad(sign+body, len(sign), zeroOK)
}

// cG implements %g: %e if the exponent is < -4 or >= precision, else %f,
// trailing zeros removed unless '#'.
func cG(f float64, prec int, alt bool) string {
	if prec == 0 {
		prec = 1
	}
	exp := 0
	if f != 0 {
		e := strconv.FormatFloat(f, 'e', prec-1, 64)
		exp, _ = strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	}
	var body string
	if exp < -4 || exp >= prec {
		body = strconv.FormatFloat(f, 'e', prec-1, 64)
		i := strings.IndexByte(body, 'e')
		switch {
		case !alt:
			body = trimZeros(body[:i]) + body[i:]
		case !strings.Contains(body[:i], "."):
			body = body[:i] + "." + body[i:]
		}
	} else {
		body = strconv.FormatFloat(f, 'f', prec-1-exp, 64)
		if !alt {
			body = trimZeros(body)
		} else if !strings.Contains(body, ".") {
			body += "."
		}
	}
	return body
}

func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// groupDigits inserts sep every three digits from the right.
func groupDigits(d, sep string) string {
	if len(d) <= 3 {
		return d
	}
	var b strings.Builder
	head := len(d) % 3
	if head > 0 {
		b.WriteString(d[:head])
	}
	for i := head; i < len(d); i += 3 {
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(d[i : i+3])
	}
	return b.String()
}
