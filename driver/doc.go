// Package driver runs godtrace's pipeline as dtrace(1) runs libdtrace's, one named step at
// a time, each with a typed input and output:
//
//	ReadSources  []Source          → []Source          the text of every -s script
//	Preprocess   Source            → Source            the C preprocessor (-C: dlang/cpp)
//	Parse        Source            → *Parsed           the AST; #pragma D option applied
//	Match        *Parsed           → *Matched          the probes each description matches
//	Check        *Matched          → *Checked          types (dlang/types)
//	Compile      []*Checked        → *compiler.Object  one object for every source
//	Load         *compiler.Object  → *Session          maps created, programs verified
//	Attach       *Session          → error             every probe armed
//	Consume      *Session          → exit status       BEGIN, records, END, aggregations
//
// The sources of one invocation share one token.FileSet, so that a position anywhere in
// the merged program names its source: an error is reported against the -s script or
// -n specifier it is in. FrontEnd runs Preprocess, Parse, Match and Check over each
// source in turn, as dtrace(1) compiles each program before reading the next.
//
// Errors are returned, never printed, except by Report, which prints them as dtrace(1)
// does and returns the exit status. cmd/godtrace is the command line over this package;
// tests drive the same steps.
package driver
