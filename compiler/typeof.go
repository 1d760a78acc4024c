// This file implements expression typing for code generation: the checker's type when
// Info.Types has one, else the local inference described in dtype.go.
package compiler

import (
	"fmt"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/token"
	"github.com/godtrace/godtrace/dlang/types"
)

// typeOf returns the type of e.
func (c *compiler) typeOf(e ast.Expr) (dtype, error) {
	if t, ok := c.info.Types[e]; ok && t != nil && t != types.Invalid && t != types.Dynamic {
		if dt, err := fromTypes(t, c.strsize); err == nil {
			return dt, nil
		}
	}
	switch x := e.(type) {
	case *ast.IntLit:
		return intLitType(x.Value, x.Base, x.Suffix), nil
	case *ast.CharLit:
		return dtype{kind: kInt, size: 1, signed: true, name: "char"}, nil
	case *ast.StringLit:
		return c.stringType(), nil
	case *ast.ParenExpr:
		return c.typeOf(x.X)
	case *ast.Ident:
		return c.identType(x)
	case *ast.ScopedVar:
		v := c.lookupVar(scopeFor(x.Scope), x.Name, false)
		if v == nil || !v.typed {
			return dtype{}, fmt.Errorf("%s%s has not yet been declared or assigned", scopePrefix(x.Scope), x.Name)
		}
		return v.t, nil
	case *ast.IndexExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			if id.Name == "args" {
				return tInt64, nil
			}
			v := c.lookupVar(scopeGlobal, id.Name, false)
			if v != nil && v.typed {
				return v.t, nil
			}
			return dtype{}, fmt.Errorf("%s has not yet been declared or assigned", id.Name)
		}
		return dtype{}, fmt.Errorf("unsupported subscript")
	case *ast.UnaryExpr:
		switch x.Op {
		case token.NOT:
			return tInt, nil
		case token.INC, token.DEC:
			return c.typeOf(x.X)
		case token.SUB, token.ADD, token.TILDE:
			t, err := c.typeOf(x.X)
			if err != nil {
				return t, err
			}
			return promote(t, t), nil
		}
		return dtype{}, fmt.Errorf("operator %s is not supported yet", x.Op)
	case *ast.PostfixExpr:
		return c.typeOf(x.X)
	case *ast.BinaryExpr:
		switch x.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ,
			token.LAND, token.LOR, token.LXOR:
			return tInt, nil
		case token.COMMA:
			return c.typeOf(x.Y)
		}
		l, err := c.typeOf(x.X)
		if err != nil {
			return l, err
		}
		r, err := c.typeOf(x.Y)
		if err != nil {
			return r, err
		}
		if x.Op == token.SHL || x.Op == token.SHR {
			return promote(l, l), nil
		}
		return promote(l, r), nil
	case *ast.AssignExpr:
		if v := c.varOf(x.LHS, false); v != nil && v.typed {
			return v.t, nil
		}
		return c.typeOf(x.RHS)
	case *ast.CondExpr:
		t, err := c.typeOf(x.Then)
		if err != nil || t.isString() {
			return t, err
		}
		f, err := c.typeOf(x.Else)
		if err != nil {
			return f, err
		}
		return promote(t, f), nil
	case *ast.CastExpr:
		return c.typeName(x.Type)
	case *ast.SizeofExpr:
		return dtype{kind: kInt, size: 8, name: "size_t"}, nil
	case *ast.StringofExpr:
		return c.stringType(), nil
	case *ast.CallExpr:
		return c.callType(x)
	}
	return dtype{}, fmt.Errorf("expression not supported yet")
}

func scopePrefix(s token.Token) string {
	if s == token.THIS {
		return "this->"
	}
	return "self->"
}

func (c *compiler) stringType() dtype {
	return dtype{kind: kString, size: c.strsize, name: "string"}
}

// identType types a built-in or global variable.
func (c *compiler) identType(x *ast.Ident) (dtype, error) {
	if bv := types.LookupVar(x.Name); bv != nil {
		switch x.Name {
		case "curthread":
			return dtype{kind: kPtr, size: 8, name: "struct task_struct *"}, nil
		case "execname", "probefunc", "probemod", "probename", "probeprov":
			return c.stringType(), nil
		}
		if bv.TypeName == "" {
			return dtype{}, fmt.Errorf("%s must be subscripted", x.Name)
		}
		t, err := types.ParseType(bv.TypeName, nil)
		if err != nil {
			return dtype{}, err
		}
		return fromTypes(t, c.strsize)
	}
	v := c.lookupVar(scopeGlobal, x.Name, false)
	if v == nil || !v.typed {
		return dtype{}, fmt.Errorf("%s has not yet been declared or assigned", x.Name)
	}
	return v.t, nil
}

// callType types the value of a subroutine call.
func (c *compiler) callType(x *ast.CallExpr) (dtype, error) {
	id, ok := x.Fun.(*ast.Ident)
	if !ok {
		return dtype{}, fmt.Errorf("unsupported call")
	}
	switch id.Name {
	case "trace", "printf", "exit":
		return tVoid, nil
	case "strlen":
		return dtype{kind: kInt, size: 8, name: "size_t"}, nil
	case "rand":
		return tInt, nil
	case "ntohs", "htons":
		return dtype{kind: kInt, size: 2, name: "uint16_t"}, nil
	case "ntohl", "htonl":
		return dtype{kind: kInt, size: 4, name: "uint32_t"}, nil
	case "ntohll", "htonll":
		return dtype{kind: kInt, size: 8, name: "uint64_t"}, nil
	case "copyinstr", "stringof", "strjoin", "substr":
		return c.stringType(), nil
	case "sym", "func", "mod":
		return dtype{kind: kSym, size: 8, name: id.Name}, nil
	case "usym", "ufunc", "umod", "uaddr":
		return dtype{kind: kUSym, size: 16, name: id.Name}, nil
	case "stack", "ustack":
		user, frames, _ := stackCall(x)
		if user {
			return dtype{kind: kUStack, size: 8 + 8*frames, name: "stack"}, nil
		}
		return dtype{kind: kStack, size: 8 * frames, name: "stack"}, nil
	}
	return dtype{}, fmt.Errorf("%s( ) is not supported yet", id.Name)
}
