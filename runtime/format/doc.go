// Package format prints decoded trace data exactly as DTrace's consumer
// (libdtrace's dt_printf.c, dt_consume.c, dt_aggregate.c and dtrace(1)'s
// chew/chewrec) prints it. It is pure Go: no BPF, no kernel.
//
// # Values
//
// Everything printed is a Value: an integer with its D size and signedness
// (Int, Uint), a string as its recorded NUL-padded buffer (Str), a float, raw
// bytes, a kernel or user stack (Stack, UStack), or a symbol address
// (KindSym, KindMod, KindUSym, KindUMod). Size matters: DTrace reads a record
// at its size, so %x of an int -1 prints ffffffff and trace() of a short
// prints in a 5-wide column. Addresses are resolved through Env.Sym (a
// Symbolizer); unresolved ones print as 0x... as DTrace prints them.
// runtime/symbols' Kallsyms (from /proc/kallsyms: "kernel`vfs_read+0x10",
// module names for modules) and Proc (adds user addresses through
// /proc/PID/maps and the objects' ELF or Go symbol tables:
// "io-static`main.main+0x2a") are the Symbolizers the runtime uses. User
// addresses need Value.PID (for %A, the traced pid or $target).
//
// # printf
//
// Printf(w, f, args, env) runs a dlang/printf Format over args in argument
// order ('*' widths and precisions included), one printer per conversion of
// the table (dlang/printf.Print): C printf semantics for integers, floats,
// strings and characters (checked against the C library's own output in
// testdata/cprintf.golden.gz), %a/%A symbols, %k stacks, %S/%C escaping, %Y
// ("2026 Nov 25 22:15:36", local time unless Env.Location) and %T.
// DTrace's quirks are kept: %d of an unsigned value prints unsigned, a zero
// precision is ignored, %p prints bare hex, the "'" flag groups digits with
// Env.Thousands (empty, as in dtrace(1)'s C locale: no grouping), and '0'
// pads %s with zeros (BSD/illumos libc).
//
// # trace() and the record layout
//
// Printer reproduces dtrace(1): Header ("CPU     ID                    FUNCTION:NAME")
// before the first firing when not quiet, Prefix ("%3d %6d %32s ") per
// firing, TraceString per trace() datum (" %16lld", " %8d", " %5d", " %3d" by
// size; strings "  %-33s"; quiet "%lld"/"%d"/"%s"), and a newline after each
// firing's records when not quiet. printf output is written between prefix
// and newline as is. Flow (-F) gives flowindent's " -> func" layout.
//
// # print()
//
// Print lays out a value of a described type (record.PType: what DTrace
// reads from CTF, built by the compiler from BTF) as dt_print.c does:
// "struct foo {", one "type name = value" line per member (integers in hex,
// chars quoted, char arrays as strings, enums by name), nested structures
// indented by four, the closing brace without a newline.
//
// # Aggregations
//
// The runtime fills an Aggregation snapshot per variable (Records of Keys
// and merged Data; see Data for each function's fields and bucket layout:
// record.QuantizeBucket, LQuantizeBucket, LLQuantizeBucket) and calls
// PrintAggregations at exit, Printa / PrintaFormat for printa(), and
// Trunc, Clear, Normalize, Denormalize for the actions of those names.
// Layouts are dt_print_aggs': keys by size (" %3d" ... " %16lld", strings
// "  %-50s", stacks one frame per line), values " %16lld", quantize tables
// with a 40-column bar, records sorted by value then key (SortOptions:
// aggsortkey, aggsortrev, aggsortkeypos, aggsortpos). At exit DTrace prints
// no blank line between aggregations; printa() without a format starts with
// one. Layouts are checked byte for byte against Sun's test suite outputs
// (sun_test.go) and oracle/dtrace-utils .r files.
//
// Notes for the runtime: BPF maps hold running totals, while libdtrace's
// clear() and trunc() act on its own copy of kernel deltas; so after Clear or
// Trunc on a snapshot the runtime must zero or delete the entries in the maps
// too (clear() keeps the keys, printing zeros). Printed is set by Printa and
// PrintaFormat and makes PrintAggregations skip the aggregation at exit, as
// DTrace does. In Sun's DTrace, integer keys that are int variables or int
// constants were recorded as 8 bytes (printed 16 wide) while (char), (short)
// and (int) casts kept their size: the compiler decides Value.Size.
package format
