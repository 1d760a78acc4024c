// This file implements Parse, the format-string scanner, after libdtrace's
// dt_printf_create.

package printf

import (
	"fmt"
	"strings"
)

// Flags records the flag characters and dynamic parts of a conversion.
type Flags uint16

// Conversion flags.
const (
	FlagAlt      Flags = 1 << iota // '#'
	FlagZero                       // '0' (cleared by a later '-')
	FlagLeft                       // '-'
	FlagPlus                       // '+'
	FlagSpace                      // ' '
	FlagGroup                      // '\'' (thousands grouping; a no-op in the C locale)
	FlagDynWidth                   // '*' width: consumes an int argument
	FlagDynPrec                    // '.*' precision: consumes an int argument
	FlagAgg                        // '@': prints the aggregation value
)

// Format is a parsed format string.
type Format struct {
	Source string // the format string as written (after escape processing)
	Items  []Item
}

// Item is literal text followed by an optional conversion.
type Item struct {
	Literal string      // text printed before Conv (may be empty)
	Conv    *Conversion // nil for trailing text
}

// Conversion is one '%' directive.
type Conversion struct {
	Index int    // 1-based number among the conversions, %% included
	Text  string // source text, e.g. "%-8.3lld"
	Flags Flags
	Width int // 0 when absent; '?' sets 16
	Prec  int // 0 when absent or ".0" (DTrace ignores a zero precision)
	Name  string
	Info  *Info // the table entry for Name
}

// Has reports whether all of fl are set.
func (c *Conversion) Has(fl Flags) bool { return c.Flags&fl == fl }

// Conversions returns the conversions in order.
func (f *Format) Conversions() []*Conversion {
	var cs []*Conversion
	for _, it := range f.Items {
		if it.Conv != nil {
			cs = append(cs, it.Conv)
		}
	}
	return cs
}

// HasAgg reports whether any conversion uses '@'.
func (f *Format) HasAgg() bool {
	for _, c := range f.Conversions() {
		if c.Has(FlagAgg) {
			return true
		}
	}
	return false
}

// Error is a format or argument error with DTrace's tag and message.
type Error struct {
	Tag string // "D_SYNTAX", "D_PRINTF_ARG_TYPE", ...
	Msg string // DTrace's message without the trailing newline
	Arg int    // index of the offending argument in Validate's args, or -1
}

func (e *Error) Error() string { return e.Msg }

func syntaxErr(format string, a ...any) *Error {
	return &Error{Tag: "D_SYNTAX", Msg: fmt.Sprintf(format, a...), Arg: -1}
}

// Parse parses a D format string. The error, if any, is an *Error.
func Parse(s string) (*Format, error) {
	f := &Format{Source: s}
	q := 0 // start of pending literal
	n := 0 // conversions seen
	for {
		i := strings.IndexByte(s[q:], '%')
		if i < 0 {
			break
		}
		p := q + i
		n++
		c := &Conversion{Index: n}
		item := Item{Literal: s[q:p], Conv: c}
		start := p
		digits, dot := 0, 0
		var name []byte
		for done := false; !done; {
			p++
			if p >= len(s) {
				return nil, syntaxErr("format conversion #%d name expected before end of format string", n)
			}
			ch := s[p]
			switch {
			case ch >= '0' && ch <= '9':
				if dot == 0 && digits == 0 && ch == '0' {
					c.Flags |= FlagZero
					c.Flags &^= FlagLeft
					continue
				}
				v := 0
				for ; p < len(s) && s[p] >= '0' && s[p] <= '9'; p++ {
					v = v*10 + int(s[p]-'0')
					if v > 1<<24 {
						v = 1 << 24
					}
				}
				p--
				if dot != 0 {
					c.Prec = v
				} else {
					c.Width = v
				}
				digits++
			case ch == '#':
				c.Flags |= FlagAlt
			case ch == '*':
				fl := FlagDynWidth
				if dot != 0 {
					fl = FlagDynPrec
				}
				if c.Flags&fl != 0 {
					// DTrace tests a nonzero flag, so it always says "precision".
					return nil, syntaxErr("format conversion #%d has more than one '*' specified for the output precision", n)
				}
				c.Flags |= fl
			case ch == '+':
				c.Flags |= FlagPlus
			case ch == '-':
				c.Flags |= FlagLeft
				c.Flags &^= FlagZero
			case ch == '.':
				if dot != 0 {
					return nil, syntaxErr("format conversion #%d has more than one '.' specified", n)
				}
				dot++
				digits = 0
			case ch == '?':
				c.Width = 16 // LP64
			case ch == '@':
				c.Flags |= FlagAgg
			case ch == '\'':
				c.Flags |= FlagGroup
			case ch == ' ':
				c.Flags |= FlagSpace
			case ch == '$':
				return nil, syntaxErr("format conversion #%d uses unsupported positional format (%%n$)", n)
			case ch == '%':
				if s[p-1] != '%' {
					return nil, syntaxErr("format conversion #%d cannot be combined with other format flags: %%%%", n)
				}
				name = append(name, ch)
				done = true
			case ch == 'h' || ch == 'l' || ch == 'L' || ch == 'w':
				if len(name) < 6 {
					name = append(name, ch)
				}
			case ch == 0:
				return nil, syntaxErr("format conversion #%d name expected before end of format string", n)
			default:
				name = append(name, ch)
				done = true
			}
		}
		c.Name = string(name)
		c.Text = s[start : p+1]
		c.Info = Lookup(c.Name)
		if c.Info == nil {
			return nil, syntaxErr("format conversion #%d is undefined: %%%s", n, c.Name)
		}
		f.Items = append(f.Items, item)
		q = p + 1
	}
	if q < len(s) || len(s) == 0 {
		f.Items = append(f.Items, Item{Literal: s[q:]})
	}
	return f, nil
}
