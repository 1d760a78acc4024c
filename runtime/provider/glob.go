// This file implements DTrace's probe-description pattern matching
// (gmatch(3GEN) as used by dt_gmatch: *, ?, [...] with ranges and !
// negation, and \ escapes; an empty pattern matches everything).

package provider

import "strings"

// IsGlob reports whether pattern contains pattern characters, i.e. whether
// it can match more than the literal string it spells.
func IsGlob(pattern string) bool {
	return strings.ContainsAny(pattern, `*?[\`)
}

// Glob reports whether s matches the DTrace pattern. An empty pattern
// matches everything, as an empty probe-description field does.
func Glob(pattern, s string) bool {
	if pattern == "" {
		return true
	}
	return gmatch(pattern, s)
}

func gmatch(p, s string) bool {
	for len(p) > 0 {
		switch p[0] {
		case '*':
			for len(p) > 0 && p[0] == '*' {
				p = p[1:]
			}
			if len(p) == 0 {
				return true
			}
			for i := 0; i <= len(s); i++ {
				if gmatch(p, s[i:]) {
					return true
				}
			}
			return false
		case '?':
			if len(s) == 0 {
				return false
			}
			p, s = p[1:], s[1:]
		case '[':
			if len(s) == 0 {
				return false
			}
			ok, rest, valid := matchClass(p, s[0])
			if !valid {
				// An unterminated class matches a literal '['.
				if s[0] != '[' {
					return false
				}
				p, s = p[1:], s[1:]
				continue
			}
			if !ok {
				return false
			}
			p, s = rest, s[1:]
		case '\\':
			if len(p) > 1 {
				p = p[1:]
			}
			fallthrough
		default:
			if len(s) == 0 || s[0] != p[0] {
				return false
			}
			p, s = p[1:], s[1:]
		}
	}
	return len(s) == 0
}

// matchClass matches c against the bracket expression at the start of p
// and returns the rest of p after it; valid is false when p has no
// closing bracket.
func matchClass(p string, c byte) (ok bool, rest string, valid bool) {
	i := 1
	negate := false
	if i < len(p) && (p[i] == '!' || p[i] == '^') {
		negate = true
		i++
	}
	first := true
	for i < len(p) {
		if p[i] == ']' && !first {
			return ok != negate, p[i+1:], true
		}
		first = false
		lo := p[i]
		if lo == '\\' && i+1 < len(p) {
			i++
			lo = p[i]
		}
		i++
		hi := lo
		if i+1 < len(p) && p[i] == '-' && p[i+1] != ']' {
			hi = p[i+1]
			if hi == '\\' && i+2 < len(p) {
				i++
				hi = p[i+1]
			}
			i += 2
		}
		if lo <= c && c <= hi {
			ok = true
		}
	}
	return false, "", false
}
