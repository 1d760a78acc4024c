// Package token defines the lexical tokens of the D language and source
// positions.
//
// A Pos is a compact offset into one File (a D script, or the text of one
// -n/-P/-m/-f/-i probe specifier); File.Position expands it into a
// Position with file name, line and column for error messages. Pos 0 is
// NoPos. DTrace compiles each -s script and each probe specifier
// separately, but into one program whose clauses share state: the sources
// of one invocation go into one FileSet, each File at its own base, so that
// a Pos of the merged program still names its source (FileSet.Position), as
// go/token's FileSet does for the files of a Go package.
package token
