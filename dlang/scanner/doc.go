// Package scanner implements D's context-sensitive lexer.
//
// D cannot be tokenised without context, so the Scanner keeps the state
// DTrace's lexer keeps (dt_lex.l's S0/S2/S3 states plus Oracle's SIDENT),
// driven by the tokens it has produced rather than by the parser:
//
//   - outer scope (DTrace's S2): a run of probe-description characters is
//     one PSPEC token ("syscall::read*:entry", "tick-1sec", "BEGIN"),
//     unless it is a declaration keyword or, without ':', a type name
//     (then the word alone is returned and a declaration follows);
//   - declaration: ordinary D tokens until the ';' that ends it at brace
//     depth 0; names declared by typedef become type names;
//   - predicate: after the '/' that opens it; a '/' closes the predicate
//     (token.EPRED) only when the next non-blank character is '{', ';',
//     '/' or end of input (a comment counts as '/'), else it is division;
//   - clause body: from '{' to its matching '}';
//   - after "->" or ".", a word is always an identifier, even a keyword.
//
// Control lines ("#pragma ...", "# 12 file") starting a line are returned
// whole as token.PRAGMA; "#!" lines are skipped. Comments ("/* */", "//")
// and blanks are skipped.
//
// Errors use DTrace's messages and tags ("newline encountered in string
// literal" D_STR_NL, "syntax error near \"#\"" D_SYNTAX, D_INT_DIGIT ...):
// the error handler is called and Scan returns token.ILLEGAL; after an error
// Scan returns EOF, because DTrace stops at the first error.
package scanner
