// This file implements the vars pass: every variable the program names gets a type (its
// declaration, else the type of its first assignment in source order, else int for a
// variable first written by ++, --, or a compound assignment) and a home:
//
//	globals             8 bytes (integers) or strsize bytes (strings) in the globals value
//	self->x             a hash map of its own keyed by the thread (pid_tgid, 8 bytes)
//	this->x             an 8-byte stack slot (integers) or a scratch buffer (strings)
//	a[k1, k2]           a hash map keyed by the packed tuple (8 bytes per integer key,
//	                    strsize bytes per string key)
package compiler

import (
	"fmt"
	"strings"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/token"
	"github.com/godtrace/godtrace/dlang/types"
)

type scope int

const (
	scopeGlobal scope = iota
	scopeThread
	scopeClause
	scopeAssoc
)

// variable is a D variable and its storage.
type variable struct {
	name  string
	scope scope
	t     dtype
	typed bool
	goff  int     // scopeGlobal: offset in the globals value
	mref  string  // scopeThread, scopeAssoc: hash map reference name
	keys  []dtype // scopeAssoc
	ksize int     // scopeAssoc: packed key size

	declErr string // why the declared type cannot be compiled (reported at a use)
}

// ThreadLocalMapPrefix starts the reference name of every thread-local (`self->`) variable's
// hash map, keyed by the 8-byte bpf_get_current_pid_tgid() of the thread. The session
// deletes an exiting thread's entries from these maps, so a thread that later reuses the
// tid never sees them (DTrace keys thread-locals by thread, never reused).
const ThreadLocalMapPrefix = "self_"

// checkedVar returns the checker's variable of that scope and name, if any.
func (c *compiler) checkedVar(s scope, name string) *types.Var {
	var list []*types.Var
	switch s {
	case scopeGlobal, scopeAssoc:
		list = c.info.Globals
	case scopeThread:
		list = c.info.ThreadLocals
	case scopeClause:
		list = c.info.ClauseLocals
	}
	for _, v := range list {
		if v.Name == name {
			return v
		}
	}
	return nil
}

// checkedVarType returns the checker's type of a variable, or nil.
func (c *compiler) checkedVarType(s scope, name string) types.Type {
	if v := c.checkedVar(s, name); v != nil && v.Type != nil {
		return v.Type
	}
	return nil
}

// Table sizes of the dynamic variable maps (DTrace's dynvarsize default is 1 MB).
const (
	threadEntries = 16384
	assocEntries  = 16384
)

// vars runs the vars pass.
func (c *compiler) vars() {
	c.globals = map[string]*variable{}
	c.tls = map[string]*variable{}
	c.locals = map[string]*variable{}
	for _, d := range c.prog.Decls {
		vd, ok := d.(*ast.VarDecl)
		if !ok {
			continue
		}
		for _, dl := range vd.Decls {
			if dl.Name == nil {
				continue
			}
			sc := scopeFor(vd.Class)
			v := c.lookupVar(sc, dl.Name.Name, true)
			t, err := c.declType(vd.Spec, dl)
			if ct := c.checkedVarType(sc, dl.Name.Name); ct != nil {
				t, err = fromTypes(ct, c.strsize)
			}
			if err != nil {
				// Reported where the variable is used: a declaration alone compiles.
				v.declErr = fmt.Sprintf("%s: %v", dl.Name.Name, err)
				continue
			}
			v.t, v.typed = t, true
			if len(dl.Dims) > 0 {
				// int a[int, string]: an associative array (the checker has its keys).
				v.scope = scopeAssoc
				if cv := c.checkedVar(sc, dl.Name.Name); cv != nil {
					for _, kt := range cv.Keys {
						if dk, err := fromTypes(kt, c.strsize); err == nil {
							v.keys = append(v.keys, dk)
						}
					}
				}
			}
		}
	}
	// Assignments in source order; repeat while progress is made so that a variable
	// assigned from another variable assigned later in the file still gets its type.
	for round := 0; round < 4; round++ {
		progress := false
		for _, cl := range c.prog.Clauses {
			var nodes []ast.Node
			if cl.Pred != nil {
				nodes = append(nodes, cl.Pred)
			}
			nodes = append(nodes, cl.Body)
			for _, root := range nodes {
				ast.Inspect(root, func(n ast.Node) bool {
					switch x := n.(type) {
					case *ast.AssignExpr:
						if c.defineFrom(x.LHS, x.Op, x.RHS) {
							progress = true
						}
					case *ast.UnaryExpr:
						if x.Op == token.INC || x.Op == token.DEC {
							if c.defineFrom(x.X, x.Op, nil) {
								progress = true
							}
						}
					case *ast.PostfixExpr:
						if c.defineFrom(x.X, x.Op, nil) {
							progress = true
						}
					}
					return true
				})
			}
		}
		if !progress {
			break
		}
	}
	for _, m := range []map[string]*variable{c.globals, c.tls, c.locals} {
		for _, v := range m {
			c.home(v)
		}
	}
}

func scopeFor(class token.Token) scope {
	switch class {
	case token.SELF:
		return scopeThread
	case token.THIS:
		return scopeClause
	}
	return scopeGlobal
}

// declType resolves the type of a declared variable.
func (c *compiler) declType(spec *ast.TypeSpec, dl *ast.Declarator) (dtype, error) {
	name := strings.Join(spec.Words, " ")
	if spec.Kind != 0 {
		name = spec.Kind.String() + " " + spec.Tag
	}
	name += strings.Repeat("*", dl.Ptrs)
	if name == "string" {
		return dtype{kind: kString, size: c.strsize, name: "string"}, nil
	}
	t, err := types.ParseType(name, nil)
	if err != nil {
		return dtype{}, err
	}
	return fromTypes(t, c.strsize)
}

// lookupVar returns the variable of that scope and name, creating it if create.
func (c *compiler) lookupVar(s scope, name string, create bool) *variable {
	m := c.globals
	switch s {
	case scopeThread:
		m = c.tls
	case scopeClause:
		m = c.locals
	}
	v := m[name]
	if v == nil && create {
		v = &variable{name: name, scope: s}
		m[name] = v
	}
	return v
}

// varOf maps an lvalue expression to its variable (creating it), or nil.
func (c *compiler) varOf(e ast.Expr, create bool) *variable {
	switch x := e.(type) {
	case *ast.ParenExpr:
		return c.varOf(x.X, create)
	case *ast.Ident:
		if types.LookupVar(x.Name) != nil {
			return nil
		}
		return c.lookupVar(scopeGlobal, x.Name, create)
	case *ast.ScopedVar:
		return c.lookupVar(scopeFor(x.Scope), x.Name, create)
	case *ast.IndexExpr:
		id, ok := x.X.(*ast.Ident)
		if !ok || types.LookupVar(id.Name) != nil {
			return nil
		}
		v := c.lookupVar(scopeGlobal, id.Name, create)
		if v != nil {
			v.scope = scopeAssoc
		}
		return v
	}
	return nil
}

// defineFrom types the variable written by lhs from rhs (nil for ++/--); reports progress.
func (c *compiler) defineFrom(lhs ast.Expr, op token.Token, rhs ast.Expr) bool {
	v := c.varOf(lhs, true)
	if v == nil || v.typed {
		return false
	}
	if ix, ok := lhs.(*ast.IndexExpr); ok && v.keys == nil {
		for _, k := range ix.Index {
			kt, err := c.typeOf(k)
			if err != nil {
				return false
			}
			v.keys = append(v.keys, kt)
		}
	}
	if rhs == nil || op != token.ASSIGN {
		v.t, v.typed = tInt, true
		return true
	}
	t, err := c.typeOf(rhs)
	if err != nil {
		return false
	}
	if t.kind == kInt && t.size < 4 {
		t = tInt
	}
	v.t, v.typed = t, true
	return true
}

// home assigns storage.
func (c *compiler) home(v *variable) {
	if !v.typed {
		return
	}
	size := 8
	if v.t.isString() {
		size = c.strsize
	}
	switch v.scope {
	case scopeGlobal:
		v.goff = c.res.global(size)
	case scopeThread:
		v.mref = ThreadLocalMapPrefix + v.name
		c.res.hash(v.mref, 8, size, threadEntries)
	case scopeAssoc:
		v.mref = "arr_" + v.name
		for _, k := range v.keys {
			if k.isString() {
				v.ksize += c.strsize
			} else {
				v.ksize += 8
			}
		}
		if v.ksize == 0 {
			v.ksize = 8
		}
		c.res.hash(v.mref, v.ksize, size, assocEntries)
	}
}
