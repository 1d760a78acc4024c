// This file implements the checking of statements: expression statements
// (actions, aggregations, D expressions), blocks, if/else and empty
// statements.

package types

import (
	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
)

// stmt checks one statement of an action list.
func (check *checker) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case *ast.BadStmt:
		check.errorAt(s, diag.D_SYNTAX, "syntax error")
	case *ast.EmptyStmt:
	case *ast.Block:
		for _, x := range s.List {
			check.stmt(x)
		}
	case *ast.IfStmt:
		t := check.rvalue(s.Cond)
		if !IsScalar(t) {
			check.errorAt(s.Cond, diag.D_PRED_SCALAR, "if-condition must be of scalar type")
		}
		check.stmt(s.Then)
		if s.Else != nil {
			check.stmt(s.Else)
		}
	case *ast.ExprStmt:
		check.exprStmt(s)
	default:
		check.errorAt(s, diag.D_UNKNOWN, "internal error: unexpected statement %T", s)
	}
}

func (check *checker) exprStmt(s *ast.ExprStmt) {
	x := unparen(s.X)
	switch e := x.(type) {
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok {
			if b := LookupFunc(id.Name); b != nil && b.Kind == Action {
				op := check.call(e, ctxStmt)
				check.setType(e, op.t)
				if x != s.X {
					check.setType(s.X, op.t)
				}
				return
			}
		}
	case *ast.Aggregation, *ast.IndexExpr:
		if isAggRef(e) {
			op := check.expr(s.X, opRef)
			check.later(func() {
				check.errorAt(s.X, diag.D_AGG_NULL, "expression has null effect: %s", aggName(aggOf(e)))
			})
			_ = op
			return
		}
	}
	check.expr(s.X, opRef)
}

func aggOf(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Aggregation:
		return x.Name
	case *ast.IndexExpr:
		return aggOf(x.X)
	}
	return ""
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}
