// This file implements the decoding of integer, character and string
// literals, as DTrace's strtoull and stresc2chr do.

package scanner

import (
	"errors"
	"strings"
)

var (
	errDigit    = errors.New("invalid digit")
	errOverflow = errors.New("integer overflow")
)

// IntLit is a decoded integer constant.
type IntLit struct {
	Value  uint64
	Base   int    // 8, 10 or 16
	Suffix string // lower-cased: "", "u", "l", "ul", "ll", "ull"
}

// intDigits splits lit into its digits part and returns the first byte
// that is neither a valid digit for the base nor a suffix letter (0 if none).
func intDigits(lit string) (digits string, bad byte) {
	base, body := 10, lit
	switch {
	case len(lit) > 1 && lit[0] == '0' && (lit[1] == 'x' || lit[1] == 'X'):
		base, body = 16, lit[2:]
	case len(lit) > 1 && lit[0] == '0':
		base, body = 8, lit[1:]
	}
	i := 0
	for i < len(body) && digitVal(body[i]) < base {
		i++
	}
	if i < len(body) && strings.IndexByte("uUlL", body[i]) < 0 {
		bad = body[i]
	}
	return body[:i], bad
}

func digitVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return 99
}

// ParseInt decodes an integer constant as written in D (RGX_INT): decimal,
// octal (leading 0) or hex (0x), with an optional u/l/ll suffix. Errors
// are errDigit (an 8 or 9 in an octal constant) and errOverflow.
func ParseInt(lit string) (IntLit, error) {
	var r IntLit
	r.Base = 10
	body := lit
	switch {
	case len(lit) > 1 && lit[0] == '0' && (lit[1] == 'x' || lit[1] == 'X'):
		r.Base, body = 16, lit[2:]
	case len(lit) > 1 && lit[0] == '0':
		r.Base, body = 8, lit[1:]
	}
	i := 0
	for ; i < len(body); i++ {
		d := digitVal(body[i])
		if d >= r.Base {
			break
		}
		if r.Value > (^uint64(0)-uint64(d))/uint64(r.Base) {
			return r, errOverflow
		}
		r.Value = r.Value*uint64(r.Base) + uint64(d)
	}
	rest := body[i:]
	if rest != "" && strings.IndexByte("uUlL", rest[0]) < 0 {
		return r, errDigit
	}
	r.Suffix = strings.ToLower(rest)
	return r, nil
}

// Unescape decodes C escape sequences as DTrace's stresc2chr does: \a \b
// \f \n \r \t \v \\ \' \" \?, octal \ooo and hex \xhh; any other escaped
// character stands for itself.
func Unescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		c = s[i]
		switch c {
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v, n := 0, 0
			for n < 3 && i < len(s) && '0' <= s[i] && s[i] <= '7' {
				v = v*8 + int(s[i]-'0')
				i++
				n++
			}
			i--
			b.WriteByte(byte(v))
		case 'x':
			v, n := 0, 0
			for n < 2 && i+1 < len(s) && isHex(s[i+1]) {
				v = v*16 + digitVal(s[i+1])
				i++
				n++
			}
			if n == 0 {
				b.WriteByte('x')
			} else {
				b.WriteByte(byte(v))
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// StringValue returns the value of a string literal token ("..." with
// the quotes).
func StringValue(lit string) string {
	if len(lit) < 2 {
		return ""
	}
	return Unescape(lit[1 : len(lit)-1])
}

// CharValue returns the value of a character constant token ('...'):
// its bytes packed big-endian into an integer, as C compilers and DTrace
// do for multi-character constants.
func CharValue(lit string) int64 {
	if len(lit) < 2 {
		return 0
	}
	var v uint64
	for _, c := range []byte(Unescape(lit[1 : len(lit)-1])) {
		v = v<<8 | uint64(c)
	}
	return int64(v)
}

// LineDirective decodes a well-formed line control line: "#line N",
// "#line N "file"", and cpp's markers "# N "file" FLAGS...". It returns N
// and the file name ("" if none).
func LineDirective(text string) (int, string, bool) {
	s := strings.TrimLeft(text, " \t")
	if !strings.HasPrefix(s, "#") {
		return 0, "", false
	}
	s = strings.TrimLeft(s[1:], " \t")
	if rest, ok := strings.CutPrefix(s, "line"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
		s = strings.TrimLeft(rest, " \t")
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 9 || i < len(s) && s[i] != ' ' && s[i] != '\t' {
		return 0, "", false
	}
	n := 0
	for _, c := range s[:i] {
		n = n*10 + int(c-'0')
	}
	s = strings.TrimLeft(s[i:], " \t")
	if s == "" {
		return n, "", true
	}
	if s[0] != '"' {
		return 0, "", false
	}
	end := 1
	for end < len(s) && s[end] != '"' {
		if s[end] == '\\' {
			end++
		}
		end++
	}
	if end >= len(s) {
		return 0, "", false
	}
	return n, StringValue(s[:end+1]), true
}
