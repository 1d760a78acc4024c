// This file implements tests of the printer and the walker on hand-built
// trees (the parser's tests cover parsed trees).

package ast

import (
	"testing"

	"github.com/godtrace/godtrace/dlang/token"
)

func TestPrintAndInspect(t *testing.T) {
	agg := &IndexExpr{X: &Aggregation{AtPos: 10, Name: "c"}, Lbrack: 12, Index: []Expr{&Ident{NamePos: 13, Name: "execname"}}, Rbrack: 21}
	neg := &UnaryExpr{OpPos: 40, Op: token.SUB, X: &UnaryExpr{OpPos: 41, Op: token.SUB, X: &Ident{NamePos: 42, Name: "x"}}}
	body := &Block{Lbrace: 5, List: []Stmt{
		&ExprStmt{X: &AssignExpr{LHS: agg, OpPos: 23, Op: token.ASSIGN, RHS: &CallExpr{Fun: &Ident{NamePos: 25, Name: "count"}, Lparen: 30, Rparen: 31}}, Semi: 32},
		&ExprStmt{X: &AssignExpr{LHS: &ScopedVar{ScopePos: 34, Scope: token.SELF, Name: "t", NamePos: 40}, OpPos: 42, Op: token.ASSIGN, RHS: neg}},
	}, Rbrace: 50}
	cl := &Clause{Probes: []*ProbeDesc{{DescPos: 1, Text: "BEGIN", Name: "BEGIN"}}, Body: body}
	prog := &Program{Items: []Node{cl}, Clauses: []*Clause{cl}}
	want := "BEGIN\n{\n\t@c[execname] = count();\n\tself->t = - -x;\n}\n"
	if got := String(prog); got != want {
		t.Errorf("String =\n%q\nwant\n%q", got, want)
	}
	var n int
	Inspect(prog, func(node Node) bool {
		if node != nil {
			n++
		}
		return true
	})
	// Program, Clause, ProbeDesc, Block, 2 ExprStmt, 2 AssignExpr,
	// IndexExpr, Aggregation, Ident, CallExpr, Ident, ScopedVar,
	// 2 UnaryExpr, Ident.
	if n != 17 {
		t.Errorf("Inspect visited %d nodes, want 17", n)
	}
	if cl.Pos() != 1 || cl.End() != 51 {
		t.Errorf("clause span %d..%d", cl.Pos(), cl.End())
	}
}

func TestPragmaOption(t *testing.T) {
	p := &Pragma{Words: []string{"D", "option", "bufsize=4m"}}
	if n, v, ok := p.Option(); !ok || n != "bufsize" || v != "4m" {
		t.Errorf("Option() = %q %q %v", n, v, ok)
	}
	p = &Pragma{Words: []string{"D", "option", "quiet"}}
	if n, v, ok := p.Option(); !ok || n != "quiet" || v != "" {
		t.Errorf("Option() = %q %q %v", n, v, ok)
	}
	p = &Pragma{Words: []string{"D", "depends_on", "module", "x"}}
	if _, _, ok := p.Option(); ok {
		t.Error("depends_on is not an option")
	}
}
