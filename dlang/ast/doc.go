// Package ast declares the syntax tree of D programs, a walker and a
// printer that writes a tree back as D text.
//
// # Shape
//
// A *Program (one script or one probe specifier) has Items in source order:
// *Pragma control lines, Decl declarations and *Clause probe clauses. The
// same nodes are also listed by kind in Pragmas, Decls and Clauses.
// Program.File expands positions (Program.Position(pos)).
//
//	Clause      Probes []*ProbeDesc (Text as written; Provider, Module,
//	            Function, Name split right to left), Pred Expr (nil if no
//	            predicate), Body *Block (the action list, possibly empty).
//	Pragma      Words after "#pragma" ("D", "option", "quiet"); Option()
//	            returns name, value for "#pragma D option name=value".
//
// Statements (Stmt): *ExprStmt, *Block, *IfStmt, *EmptyStmt, *BadStmt.
//
// Expressions (Expr):
//
//	*Ident        pid, execname, args, arg0, x, printf (in a call), `sym
//	*IntLit       Value uint64, Base, Suffix ("", "u", "l", "ul", "ll", "ull")
//	*CharLit      Value int64 (multi-char constants packed as in C)
//	*StringLit    Value with escapes decoded; Raw as written
//	*MacroArg     $1, $target, $$1 (Quoted); kept in the tree, the checker
//	              substitutes the command-line values
//	*Aggregation  @name or @ (Name ""); keys via *IndexExpr{X: *Aggregation}
//	*ScopedVar    self->x / this->x (Scope token.SELF / token.THIS)
//	*IndexExpr    X[Index...]: arrays, associative arrays a[k1, k2], @a[k]
//	*CallExpr     Fun(Args...): actions, subroutines, aggregating functions
//	*SelectorExpr X.Sel / X->Sel (Op token.PERIOD / token.ARROW)
//	*UnaryExpr    + - ! ~ * & ++ -- (prefix);  *PostfixExpr  X++ X--
//	*BinaryExpr   all binary operators incl. ^^ and the comma operator
//	*AssignExpr   = += -= *= /= %= &= |= ^= <<= >>=
//	*CondExpr     c ? a : b
//	*CastExpr     (TypeName) X
//	*SizeofExpr   sizeof(TypeName) or sizeof X;  *StringofExpr  stringof X
//	*OffsetofExpr offsetof(TypeName, member); *XlateExpr xlate <T>(X)
//	*ParenExpr    kept so the printer reproduces the source
//	*BadExpr      placeholder for tools that build trees; dlang/parser
//	              never produces Bad nodes (it stops at the first error)
//
// An aggregation statement `@a[k] = count();` is an *ExprStmt holding an
// *AssignExpr whose LHS is *IndexExpr{X: *Aggregation} (or a bare
// *Aggregation) and whose RHS is a *CallExpr.
//
// Types: *TypeName = *TypeSpec (built-in words such as ["unsigned",
// "long"], a typedef name with Typedef true, or Kind STRUCT/UNION/ENUM with
// Tag and optional Body) plus an abstract *Declarator (Ptrs, array Dims).
//
// Declarations (Decl): *VarDecl (Class 0, SELF, THIS, EXTERN, ...; no
// declarators for a bare struct/union/enum definition), *TypedefDecl,
// *InlineDecl, *TranslatorDecl, *BadDecl.
//
// # Positions
//
// Every node has Pos() (first byte) and End() (byte after the node);
// positions are token.Pos values of Program.File.
//
// # Traversal and printing
//
// Walk/Inspect visit nodes depth-first in source order. String/Fprint print
// a node as D text; printing a parsed tree and parsing the result gives the
// same tree (the parser's round-trip tests check this).
//
// The tree is never mutated by the checker: per-node facts (types, constant
// values, resolved built-ins) live in the checker's side tables keyed by
// node.
package ast
