// Package diag holds the D compiler's diagnostics: error tags, positioned
// errors, error lists, and their rendering in dtrace(1)'s words.
//
// Every compile-time error carries one of DTrace's error tags (Tag, named as
// in dt_errtags.h: D_SYNTAX, D_PROTO_LEN, ...). Errors are values: the
// scanner, parser and checker append *Error values to a List and return the
// List (sorted by position) as their error. Nothing panics across a package
// boundary.
//
// Format renders one error the way dtrace(1) prints it:
//
//	godtrace: failed to compile script x.d: line 3: syntax error near "}"
//	godtrace: failed to compile script x.d: [D_SYNTAX] line 3: syntax error near "}"   (-x errtags)
//	godtrace: invalid probe specifier BEGIN{x=}: syntax error near "}"
//
// As in DTrace, the "line N: " part appears only for scripts (-s), never for
// probe specifiers given on the command line, and not for errors without a
// position.
package diag
