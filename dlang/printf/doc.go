// Package printf parses D format strings (printf, printa, sprintf, system,
// freopen) and holds DTrace's conversion table. It is pure: it knows nothing
// of BPF or of the runtime, and is shared by the type checker (dlang/types),
// which validates arguments against each conversion, and by runtime/format,
// which prints decoded values.
//
// # Parsing
//
// Parse follows libdtrace's dt_printf_create state machine byte for byte. A
// Format is a list of Items; each Item is the literal text printed before a
// conversion plus the conversion (nil for trailing text). Conversions are
// numbered from 1 in source order, %% included, as DTrace numbers them in its
// messages ("format conversion #2 ..."). Recognised syntax, in any order
// after '%':
//
//	flags      - + space # 0 '      ('0' only before any digit)
//	width      digits, '*' (taken from an int argument), '?' (16: pointer width)
//	precision  '.' digits or '.*'
//	@          the conversion prints the aggregation value (printa only)
//	length     h l L w, up to six, e.g. hd, lld, Lf, wc, ls
//	name       the conversion character
//
// The conversion name is the length modifiers followed by the character; it
// is looked up in the table (Lookup). Unlike C, DTrace has no hh, z, j or t:
// "%zd" fails with "format conversion #1 is undefined: %z", as in DTrace.
// Malformed formats give an *Error tagged D_SYNTAX with DTrace's text, e.g.
// "format conversion #1 name expected before end of format string".
//
// Two DTrace quirks are kept on purpose: a precision of 0 ("%.0f", "%.d") is
// ignored when printing (dt_printf_format only emits a precision > 0), and
// the "more than one '*'" message always says "precision".
//
// # Conversion table
//
// Table lists every conversion of DTrace's _dtrace_conversions: a A c C d e E
// f g G hd hi ho hu hx hX i k lc ld li lo lu ls lx lX lld lli llo llu llx llX
// Le LE Lf Lg LG o p s S T u wc ws x X Y %. Each entry has the prototype text
// used in messages, the Check rule deciding which argument types it accepts,
// and the Print rule runtime/format dispatches on.
//
// # Validation (for the checker)
//
// Format.Validate(args, opts) reproduces dt_printf_validate: the checker
// describes each argument's D type as an Arg (class, size, signedness, type
// name as DTrace prints it, resolved base name) and gets back nil or an *Error
// carrying DTrace's tag (D_PRINTF_FMT_EMPTY, D_PRINTF_DYN_PROTO,
// D_PRINTF_DYN_TYPE, D_PRINTF_AGG_CONV, D_PRINTF_ARG_PROTO, D_PRINTF_ARG_TYPE,
// D_PRINTF_ARG_EXTRA), the message (multi-line where DTrace's is, without the
// final newline) and the index of the offending argument (-1 when the error
// belongs to the call as a whole). Messages are DTrace's, for example:
//
//	printf( ) argument #2 is incompatible with conversion #1 prototype:
//		conversion: %s
//		 prototype: char [] or string (or use stringof)
//		  argument: int
package printf
