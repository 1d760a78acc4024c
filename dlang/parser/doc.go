// Package parser parses D programs into dlang/ast trees.
//
// ParseProgram parses a script (dtrace -s); ParseProbeSpec parses the
// text of a -n probe specifier. Both return a diag.List error holding the
// first error, with DTrace's message and tag (`syntax error near "}"`,
// `syntax error near end-of-input`, D_STR_NL, ...): like DTrace, parsing
// stops at the first error. Nothing panics out of the package: the only
// panic used internally (bailout after the first error) is recovered in
// parse.
//
// The program structure (control lines, declarations, clauses with their
// descriptions, predicate and action block) is a participle grammar
// (grammar.go) over the D scanner's tokens; expressions (precedence
// climbing), statements, declarations and type names are parsed by hand
// (parser.go) and plugged into the grammar with participle.ParseTypeWith.
// docs/decisions.md says why.
package parser
