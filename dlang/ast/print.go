// This file implements the printer that writes a tree back as D source.

package ast

import (
	"io"
	"strings"

	"github.com/godtrace/godtrace/dlang/token"
)

// Fprint writes node as D source text to w. Programs print one item per
// line (clauses as `descs`, `/pred/` and the block on their own lines,
// statements indented with a tab); expressions print on one line with
// spaces around binary operators. Parentheses are printed only where the
// tree has ParenExpr nodes, so a parsed tree prints back to text that
// parses to the same tree.
func Fprint(w io.Writer, node Node) error {
	var p printer
	p.node(node)
	_, err := io.WriteString(w, p.String())
	return err
}

// String returns node printed as by Fprint.
func String(node Node) string {
	var p printer
	p.node(node)
	return p.String()
}

type printer struct {
	strings.Builder
	indent int
}

func (p *printer) nl() {
	p.WriteByte('\n')
	for i := 0; i < p.indent; i++ {
		p.WriteByte('\t')
	}
}

func (p *printer) node(n Node) {
	switch n := n.(type) {
	case nil:
	case *Program:
		if n.Shebang != "" {
			p.WriteString(n.Shebang)
			p.WriteByte('\n')
		}
		for _, it := range n.Items {
			p.node(it)
			p.WriteByte('\n')
		}
	case *Pragma:
		p.WriteString(n.Text)
	case *Clause:
		for i, d := range n.Probes {
			if i > 0 {
				p.WriteString(",\n")
			}
			p.WriteString(d.Text)
		}
		if n.Pred != nil {
			p.WriteString("\n/")
			p.expr(n.Pred)
			p.WriteString("/")
		}
		p.WriteByte('\n')
		p.stmt(n.Body)
	case *ProbeDesc:
		p.WriteString(n.Text)
	case Expr:
		p.expr(n)
	case Stmt:
		p.stmt(n)
	case Decl:
		p.decl(n)
	case *TypeName:
		p.typeName(n)
	case *TypeSpec:
		p.typeSpec(n)
	case *Declarator:
		p.declarator(n)
	case *ArrayDim:
		p.dim(n)
	case *Member:
		p.member(n)
	case *Enumerator:
		p.enumerator(n)
	case *XlatorMember:
		p.expr(n.Name)
		p.WriteString(" = ")
		p.expr(n.Value)
		p.WriteString(";")
	}
}

func (p *printer) stmt(s Stmt) {
	switch s := s.(type) {
	case *BadStmt:
		p.WriteString("/* bad statement */;")
	case *EmptyStmt:
		p.WriteString(";")
	case *ExprStmt:
		p.expr(s.X)
		p.WriteString(";")
	case *Block:
		p.WriteString("{")
		p.indent++
		for _, st := range s.List {
			p.nl()
			p.stmt(st)
		}
		p.indent--
		p.nl()
		p.WriteString("}")
	case *IfStmt:
		p.WriteString("if (")
		p.expr(s.Cond)
		p.WriteString(") ")
		p.stmt(s.Then)
		if s.Else != nil {
			p.WriteString(" else ")
			p.stmt(s.Else)
		}
	}
}

// operand prints x after a prefix operator op, separating them when
// printing them together would lex differently ("- -x", "& &x").
func (p *printer) operand(op token.Token, x Expr) {
	ops := op.String()
	if c := firstByte(x); c != 0 && (op == token.ADD || op == token.SUB || op == token.AND ||
		op == token.INC || op == token.DEC) && c == ops[len(ops)-1] {
		p.WriteByte(' ')
	}
	p.expr(x)
}

// firstByte returns the first byte the printer writes for x (0 if none).
func firstByte(x Expr) byte {
	for {
		switch e := x.(type) {
		case *Ident:
			if e.Backquote {
				if e.Module == "" {
					return '`'
				}
				return e.Module[0]
			}
			if e.Name == "" {
				return 0
			}
			return e.Name[0]
		case *IntLit:
			return rawFirst(e.Raw)
		case *CharLit:
			return rawFirst(e.Raw)
		case *StringLit:
			return rawFirst(e.Raw)
		case *MacroArg:
			return '$'
		case *Aggregation:
			return '@'
		case *ScopedVar:
			return e.Scope.String()[0]
		case *ParenExpr, *CastExpr:
			return '('
		case *SelectorExpr:
			x = e.X
		case *IndexExpr:
			x = e.X
		case *CallExpr:
			x = e.Fun
		case *PostfixExpr:
			x = e.X
		case *BinaryExpr:
			x = e.X
		case *AssignExpr:
			x = e.LHS
		case *CondExpr:
			x = e.Cond
		case *UnaryExpr:
			return e.Op.String()[0]
		case *SizeofExpr, *StringofExpr:
			return 's'
		case *OffsetofExpr:
			return 'o'
		case *XlateExpr:
			return 'x'
		case *BadExpr:
			return '/'
		default:
			return 0
		}
	}
}

func rawFirst(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

func (p *printer) expr(x Expr) {
	switch x := x.(type) {
	case nil:
	case *BadExpr:
		p.WriteString("/* bad expression */0")
	case *Ident:
		if x.Backquote {
			p.WriteString(x.Module)
			p.WriteString("`")
		}
		p.WriteString(x.Name)
	case *IntLit:
		p.WriteString(x.Raw)
	case *CharLit:
		p.WriteString(x.Raw)
	case *StringLit:
		p.WriteString(x.Raw)
	case *MacroArg:
		p.WriteString("$")
		if x.Quoted {
			p.WriteString("$")
		}
		p.WriteString(x.Name)
	case *Aggregation:
		p.WriteString("@")
		p.WriteString(x.Name)
	case *ScopedVar:
		p.WriteString(x.Scope.String())
		p.WriteString("->")
		p.WriteString(x.Name)
	case *ParenExpr:
		p.WriteString("(")
		p.expr(x.X)
		p.WriteString(")")
	case *SelectorExpr:
		p.expr(x.X)
		p.WriteString(x.Op.String())
		p.expr(x.Sel)
	case *IndexExpr:
		p.expr(x.X)
		p.WriteString("[")
		p.exprList(x.Index)
		p.WriteString("]")
	case *CallExpr:
		p.expr(x.Fun)
		p.WriteString("(")
		p.exprList(x.Args)
		p.WriteString(")")
	case *UnaryExpr:
		p.WriteString(x.Op.String())
		p.operand(x.Op, x.X)
	case *PostfixExpr:
		p.expr(x.X)
		p.WriteString(x.Op.String())
	case *BinaryExpr:
		p.expr(x.X)
		if x.Op == token.COMMA {
			p.WriteString(", ")
		} else {
			p.WriteString(" ")
			p.WriteString(x.Op.String())
			p.WriteString(" ")
		}
		p.expr(x.Y)
	case *AssignExpr:
		p.expr(x.LHS)
		p.WriteString(" ")
		p.WriteString(x.Op.String())
		p.WriteString(" ")
		p.expr(x.RHS)
	case *CondExpr:
		p.expr(x.Cond)
		p.WriteString(" ? ")
		p.expr(x.Then)
		p.WriteString(" : ")
		p.expr(x.Else)
	case *CastExpr:
		p.WriteString("(")
		p.typeName(x.Type)
		p.WriteString(")")
		p.expr(x.X)
	case *SizeofExpr:
		p.WriteString("sizeof")
		if x.Type != nil {
			p.WriteString("(")
			p.typeName(x.Type)
			p.WriteString(")")
		} else {
			p.WriteString(" ")
			p.expr(x.X)
		}
	case *StringofExpr:
		p.WriteString("stringof ")
		p.expr(x.X)
	case *OffsetofExpr:
		p.WriteString("offsetof(")
		p.typeName(x.Type)
		p.WriteString(", ")
		p.expr(x.Member)
		p.WriteString(")")
	case *XlateExpr:
		p.WriteString("xlate <")
		p.typeName(x.Type)
		p.WriteString(">(")
		p.expr(x.X)
		p.WriteString(")")
	}
}

func (p *printer) exprList(list []Expr) {
	for i, x := range list {
		if i > 0 {
			p.WriteString(", ")
		}
		p.expr(x)
	}
}

func (p *printer) typeName(t *TypeName) {
	p.typeSpec(t.Spec)
	if t.Decl != nil && (t.Decl.Ptrs > 0 || len(t.Decl.Dims) > 0) {
		p.WriteString(" ")
		p.declarator(t.Decl)
	}
}

func (p *printer) typeSpec(t *TypeSpec) {
	if t == nil {
		return
	}
	sep := ""
	for _, q := range t.Quals {
		p.WriteString(sep)
		p.WriteString(q.String())
		sep = " "
	}
	if t.Kind != 0 {
		p.WriteString(sep)
		p.WriteString(t.Kind.String())
		if t.Tag != "" {
			p.WriteString(" ")
			if t.Module != "" {
				p.WriteString(t.Module)
				p.WriteString("`")
			}
			p.WriteString(t.Tag)
		}
		if t.Body {
			p.WriteString(" {")
			p.indent++
			for _, m := range t.Members {
				p.nl()
				p.member(m)
			}
			for i, e := range t.Enumerators {
				p.nl()
				p.enumerator(e)
				if i < len(t.Enumerators)-1 {
					p.WriteString(",")
				}
			}
			p.indent--
			p.nl()
			p.WriteString("}")
		}
		return
	}
	for i, w := range t.Words {
		p.WriteString(sep)
		if i == 0 && t.Module != "" {
			p.WriteString(t.Module)
			p.WriteString("`")
		}
		p.WriteString(w)
		sep = " "
	}
}

func (p *printer) member(m *Member) {
	p.typeSpec(m.Spec)
	for i, d := range m.Decls {
		if i > 0 {
			p.WriteString(",")
		}
		p.WriteString(" ")
		p.declarator(d)
	}
	p.WriteString(";")
}

func (p *printer) enumerator(e *Enumerator) {
	p.expr(e.Name)
	if e.Value != nil {
		p.WriteString(" = ")
		p.expr(e.Value)
	}
}

func (p *printer) declarator(d *Declarator) {
	for i := 0; i < d.Ptrs; i++ {
		p.WriteString("*")
		if i < len(d.PtrQuals) {
			for _, q := range d.PtrQuals[i] {
				p.WriteString(q.String())
				p.WriteString(" ")
			}
		}
	}
	if d.Name != nil {
		p.expr(d.Name)
	}
	for _, a := range d.Dims {
		p.dim(a)
	}
	if d.BitWidth != nil {
		p.WriteString(" : ")
		p.expr(d.BitWidth)
	}
}

func (p *printer) dim(a *ArrayDim) {
	p.WriteString("[")
	if a.Size != nil {
		p.expr(a.Size)
	}
	for i, k := range a.Keys {
		if i > 0 {
			p.WriteString(", ")
		}
		p.typeName(k)
	}
	p.WriteString("]")
}

func (p *printer) decl(d Decl) {
	switch d := d.(type) {
	case *BadDecl:
		p.WriteString("/* bad declaration */")
	case *VarDecl:
		if d.Class != 0 {
			p.WriteString(d.Class.String())
			p.WriteString(" ")
		}
		p.typeSpec(d.Spec)
		for i, dd := range d.Decls {
			if i > 0 {
				p.WriteString(",")
			}
			p.WriteString(" ")
			p.declarator(dd)
		}
		p.WriteString(";")
	case *TypedefDecl:
		p.WriteString("typedef ")
		p.typeSpec(d.Spec)
		for i, dd := range d.Decls {
			if i > 0 {
				p.WriteString(",")
			}
			p.WriteString(" ")
			p.declarator(dd)
		}
		p.WriteString(";")
	case *InlineDecl:
		p.WriteString("inline ")
		p.typeSpec(d.Spec)
		p.WriteString(" ")
		p.declarator(d.Decl)
		p.WriteString(" = ")
		p.expr(d.Value)
		p.WriteString(";")
	case *TranslatorDecl:
		p.WriteString("translator ")
		p.typeName(d.Out)
		p.WriteString(" < ")
		p.typeName(d.In)
		p.WriteString(" ")
		p.expr(d.InName)
		p.WriteString(" > {")
		p.indent++
		for _, m := range d.Members {
			p.nl()
			p.node(m)
		}
		p.indent--
		p.nl()
		p.WriteString("};")
	}
}
