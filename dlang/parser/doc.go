// Package parser parses D programs into dlang/ast trees.
//
// ParseProgram parses a script (dtrace -s); ParseProbeSpec parses the
// text of a -n probe specifier. Both return a diag.List error holding the
// first error, with DTrace's message and tag (`syntax error near "}"`,
// `syntax error near end of input`, D_STR_NL, ...): like DTrace, parsing
// stops at the first error. Nothing panics out of the package: the only
// panic used internally (bailout after the first error) is recovered in
// parse.
//
// Expressions (precedence climbing), statements, declarations and type
// names are parsed by hand (parser.go). The program structure (control
// lines, declarations, clauses with descriptions, predicate and action
// block) exists twice: as a participle grammar over the scanner's tokens
// with the hand-written parts plugged in through participle.ParseTypeWith
// (grammar.go, lexer.go), and as a direct hand-written driver (parseItems)
// that ParseProgram uses because it is 1.6-2.5 times faster. The tests and
// FuzzParse require both to give identical trees and errors;
// docs/decisions.md has the measurements.
//
// Options.IsType lets the caller add type names (kernel typedefs) that
// decide casts and outer-scope declarations; Options.MacroArgs/MacroVars
// substitute $N/$name inside probe descriptions. Expressions keep
// *ast.MacroArg nodes for the checker.
package parser
