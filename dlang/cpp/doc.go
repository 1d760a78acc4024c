// Package cpp implements the C preprocessor that dtrace -C runs over a D
// script before compiling it, in Go, so that godtrace stays one static
// binary with no cpp to execute.
//
// It implements ISO C's preprocessing (C11 6.10) as gcc's cpp does on the
// text D scripts hold: #include "x" and <x> (with #include_next, #import
// and #pragma once), object- and function-like #define (# stringizing,
// ## pasting, variadic macros, gcc's ", ## __VA_ARGS__"), #undef,
// #if/#ifdef/#ifndef/#elif/#else/#endif with defined, __has_include and
// integer constant expressions in 64 bits, #line, #error and #warning, the
// macros __FILE__, __LINE__, __DATE__, __TIME__, __COUNTER__,
// __INCLUDE_LEVEL__ and __BASE_FILE__, and -D, -U, -I and -H as Config.
// Identifiers may hold '$' (as gcc allows), so D's $1 and $target pass
// through untouched; '@' and '`' pass as other characters.
//
// #pragma and #ident lines are passed on to the D compiler as written
// (D's own "#pragma D option ..." among them); any other directive cpp does
// not know is an error, as it is for cpp.
//
// The output keeps every token on its source line, so that D's error
// messages name the lines of the script; where a file changes or many lines
// were left out, a line marker (# 12 "file" [1|2], as cpp writes them)
// says where the next line comes from. Diagnostics are worded as gcc's and
// printed "file:line: error: message".
//
// Not implemented: _Pragma, __VA_OPT__, #assert/#unassert, trigraphs, and
// traditional (K&R) preprocessing.
//
// The package knows nothing of D: the macros DTrace predefines are the
// caller's Config.Defines.
package cpp
