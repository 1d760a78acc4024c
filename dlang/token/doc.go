// Package token defines the lexical tokens of the D language and source
// positions.
//
// A Pos is a compact offset into one File (a D script, or the text of one
// -n/-P/-m/-f/-i probe specifier); File.Position expands it into a
// Position with file name, line and column for error messages. Pos 0 is
// NoPos. One File describes one compilation unit: DTrace compiles each -s
// script and each probe specifier separately, so godtrace never needs a set
// of files spanning several units.
package token
