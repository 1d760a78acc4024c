// This file implements Walk and Inspect, the depth-first tree traversal.

package ast

// A Visitor's Visit is called for each node met by Walk. If it returns a
// non-nil Visitor w, Walk visits the node's children with w, then calls
// w.Visit(nil).
type Visitor interface {
	Visit(node Node) (w Visitor)
}

// Walk traverses the tree rooted at node depth-first, in source order.
// Nil children are skipped.
func Walk(v Visitor, node Node) {
	if v = v.Visit(node); v == nil {
		return
	}
	switch n := node.(type) {
	case *Program:
		for _, it := range n.Items {
			Walk(v, it)
		}
	case *Pragma, *ProbeDesc, *BadExpr, *BadStmt, *BadDecl, *EmptyStmt,
		*Ident, *IntLit, *CharLit, *StringLit, *MacroArg, *Aggregation, *ScopedVar:
		// leaves
	case *Clause:
		for _, d := range n.Probes {
			Walk(v, d)
		}
		walkExpr(v, n.Pred)
		if n.Body != nil {
			Walk(v, n.Body)
		}

	case *ParenExpr:
		walkExpr(v, n.X)
	case *SelectorExpr:
		walkExpr(v, n.X)
		Walk(v, n.Sel)
	case *IndexExpr:
		walkExpr(v, n.X)
		walkExprs(v, n.Index)
	case *CallExpr:
		walkExpr(v, n.Fun)
		walkExprs(v, n.Args)
	case *UnaryExpr:
		walkExpr(v, n.X)
	case *PostfixExpr:
		walkExpr(v, n.X)
	case *BinaryExpr:
		walkExpr(v, n.X)
		walkExpr(v, n.Y)
	case *AssignExpr:
		walkExpr(v, n.LHS)
		walkExpr(v, n.RHS)
	case *CondExpr:
		walkExpr(v, n.Cond)
		walkExpr(v, n.Then)
		walkExpr(v, n.Else)
	case *CastExpr:
		Walk(v, n.Type)
		walkExpr(v, n.X)
	case *SizeofExpr:
		if n.Type != nil {
			Walk(v, n.Type)
		}
		walkExpr(v, n.X)
	case *StringofExpr:
		walkExpr(v, n.X)
	case *OffsetofExpr:
		Walk(v, n.Type)
		Walk(v, n.Member)
	case *XlateExpr:
		Walk(v, n.Type)
		walkExpr(v, n.X)

	case *TypeName:
		Walk(v, n.Spec)
		Walk(v, n.Decl)
	case *TypeSpec:
		for _, m := range n.Members {
			Walk(v, m)
		}
		for _, e := range n.Enumerators {
			Walk(v, e)
		}
	case *Member:
		Walk(v, n.Spec)
		for _, d := range n.Decls {
			Walk(v, d)
		}
	case *Enumerator:
		Walk(v, n.Name)
		walkExpr(v, n.Value)
	case *Declarator:
		if n.Name != nil {
			Walk(v, n.Name)
		}
		for _, d := range n.Dims {
			Walk(v, d)
		}
		walkExpr(v, n.BitWidth)
	case *ArrayDim:
		walkExpr(v, n.Size)
		for _, k := range n.Keys {
			Walk(v, k)
		}

	case *ExprStmt:
		walkExpr(v, n.X)
	case *Block:
		for _, s := range n.List {
			Walk(v, s)
		}
	case *IfStmt:
		walkExpr(v, n.Cond)
		Walk(v, n.Then)
		if n.Else != nil {
			Walk(v, n.Else)
		}

	case *VarDecl:
		Walk(v, n.Spec)
		for _, d := range n.Decls {
			Walk(v, d)
		}
	case *TypedefDecl:
		Walk(v, n.Spec)
		for _, d := range n.Decls {
			Walk(v, d)
		}
	case *InlineDecl:
		Walk(v, n.Spec)
		Walk(v, n.Decl)
		walkExpr(v, n.Value)
	case *TranslatorDecl:
		Walk(v, n.Out)
		Walk(v, n.In)
		Walk(v, n.InName)
		for _, m := range n.Members {
			Walk(v, m)
		}
	case *XlatorMember:
		Walk(v, n.Name)
		walkExpr(v, n.Value)
	}
	v.Visit(nil)
}

func walkExpr(v Visitor, x Expr) {
	if x != nil {
		Walk(v, x)
	}
}

func walkExprs(v Visitor, list []Expr) {
	for _, x := range list {
		walkExpr(v, x)
	}
}

type inspector func(Node) bool

func (f inspector) Visit(node Node) Visitor {
	if f(node) {
		return f
	}
	return nil
}

// Inspect traverses the tree rooted at node depth-first: it calls f(node);
// if f returns true, it inspects each child, then calls f(nil).
func Inspect(node Node, f func(Node) bool) {
	Walk(inspector(f), node)
}
