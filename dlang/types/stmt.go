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
	kind := actNone
	defer func() { check.later(func() { check.stmtOrder(s, kind) }) }()
	switch e := x.(type) {
	case *ast.AssignExpr:
		if isAggRef(e.LHS) {
			kind = actAgg
		}
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok {
			if b := LookupFunc(id.Name); b != nil && b.Kind == Action {
				kind = actionKind(b.Name)
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
			check.expr(s.X, opRef)
			check.later(func() {
				check.errorAt(s.X, diag.D_AGG_NULL, "expression has null effect: %s", aggName(aggOf(e)))
			})
			return
		}
	}
	check.copyout = false
	check.expr(s.X, opRef)
	if check.copyout {
		// DTrace counts a statement calling copyout() or copyoutstr() as
		// a destructive action.
		kind = actDestructive
	}
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

// Kinds of statements for the ordering rules of speculations.
const (
	actNone        = iota // D expression: records no data
	actData               // records data (trace, printf, exit, ...)
	actAgg                // aggregation
	actCommit             // commit()
	actSpeculate          // speculate()
	actDestructive        // stop(), raise(), system(), ...
	actExit               // exit()
	actDiscard            // discard()
)

func actionKind(name string) int {
	switch name {
	case "commit":
		return actCommit
	case "speculate":
		return actSpeculate
	case "discard":
		return actDiscard
	case "exit":
		return actExit
	case "stop", "raise", "system", "freopen", "panic", "chill", "breakpoint":
		return actDestructive
	}
	return actData
}

// specState tracks what a clause's statements did so far (dt_stmt_append).
type specState struct {
	commit, speculate, datarec bool
}

// stmtOrder applies DTrace's rules on the order of speculate(), commit(),
// aggregations and data-recording actions within a clause.
func (check *checker) stmtOrder(s ast.Stmt, kind int) {
	st := &check.spec
	switch kind {
	case actCommit:
		if st.commit {
			check.errorAt(s, diag.D_COMM_COMM, "commit( ) may not follow commit( )")
		}
		if st.datarec {
			check.errorAt(s, diag.D_COMM_DREC, "commit( ) may not follow data-recording action(s)")
		}
		st.commit = true
		return
	case actSpeculate:
		if st.speculate {
			check.errorAt(s, diag.D_SPEC_SPEC, "speculate( ) may not follow speculate( )")
		}
		if st.commit {
			check.errorAt(s, diag.D_SPEC_COMM, "speculate( ) may not follow commit( )")
		}
		if st.datarec {
			check.errorAt(s, diag.D_SPEC_DREC, "speculate( ) may not follow data-recording action(s)")
		}
		st.speculate = true
		return
	case actAgg:
		if st.commit {
			check.errorAt(s, diag.D_AGG_COMM, "aggregating actions may not follow commit( )")
		}
		if st.speculate {
			check.errorAt(s, diag.D_AGG_SPEC, "aggregating actions may not follow speculate( )")
		}
		st.datarec = true
		return
	}
	if st.speculate {
		if kind == actDestructive {
			check.errorAt(s, diag.D_ACT_SPEC, "destructive actions may not follow speculate( )")
		}
		if kind == actExit {
			check.errorAt(s, diag.D_EXIT_SPEC, "exit( ) may not follow speculate( )")
		}
	}
	if kind == actNone || kind == actDestructive || kind == actDiscard {
		return
	}
	if st.commit {
		check.errorAt(s, diag.D_DREC_COMM, "data-recording actions may not follow commit( )")
	}
	if !st.speculate {
		st.datarec = true
	}
}
