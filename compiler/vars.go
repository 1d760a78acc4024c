// This file implements the vars pass: every variable the checker found (types.Info's
// Globals, ThreadLocals and ClauseLocals, with the types their declarations or first
// assignments gave them) gets a home:
//
//	globals             8 bytes (integers) or strsize bytes (strings) in the globals value
//	self->x             a hash map of its own keyed by the thread (pid_tgid, 8 bytes)
//	this->x             an 8-byte stack slot (integers) or a scratch buffer (strings)
//	a[k1, k2]           a hash map keyed by the packed tuple (8 bytes per integer key,
//	                    strsize bytes per string key)
package compiler

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/godtrace/godtrace/dlang/ast"
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
	goff  int     // scopeGlobal: offset in the globals value
	mref  string  // scopeThread, scopeAssoc: hash map reference name
	keys  []dtype // scopeAssoc
	ksize int     // scopeAssoc: packed key size

	declErr string // why its type cannot be compiled (reported at a use: a declaration alone compiles)
}

// ThreadLocalMapPrefix starts the reference name of every thread-local (`self->`) variable's
// hash map, keyed by the 8-byte bpf_get_current_pid_tgid() of the thread. The session
// deletes an exiting thread's entries from these maps, so a thread that later reuses the
// tid never sees them (DTrace keys thread-locals by thread, never reused).
const ThreadLocalMapPrefix = "self_"

// Table sizes of the dynamic variable maps (DTrace's dynvarsize default is 1 MB).
const (
	threadEntries = 16384
	assocEntries  = 16384
)

// vars runs the vars pass. In a program merged from several sources, a name's first
// variable is the one stored; self->a[k] and this->a[k] are not supported yet (no home:
// their uses say so).
func (c *compiler) vars() {
	c.globals, c.tls, c.locals = map[string]*variable{}, map[string]*variable{}, map[string]*variable{}
	for _, tv := range slices.Concat(c.info.Globals, c.info.ThreadLocals, c.info.ClauseLocals) {
		s := scopeOf(tv)
		m := c.table(s)
		if m[tv.Name] != nil || tv.Assoc && s != scopeAssoc {
			continue
		}
		v := &variable{name: tv.Name, scope: s}
		m[tv.Name] = v
		t, err := fromTypes(tv.Type, c.strsize)
		for _, kt := range tv.Keys {
			k, kerr := fromTypes(kt, c.strsize)
			v.keys, err = append(v.keys, k), cmp.Or(err, kerr)
		}
		if err != nil {
			v.declErr = fmt.Sprintf("%s: %v", tv.Name, err)
			continue
		}
		v.t = t
		c.home(v)
	}
}

// scopeOf is where the compiler keeps a checker's variable.
func scopeOf(v *types.Var) scope {
	switch {
	case v.Scope == types.ThreadLocal:
		return scopeThread
	case v.Scope == types.ClauseLocal:
		return scopeClause
	case v.Assoc:
		return scopeAssoc
	}
	return scopeGlobal
}

// table is the variables of a scope by name (associative arrays are globals).
func (c *compiler) table(s scope) map[string]*variable {
	switch s {
	case scopeThread:
		return c.tls
	case scopeClause:
		return c.locals
	}
	return c.globals
}

// varOf returns the variable an identifier, self->x, this->x or a[keys] names (the
// checker's Info.Vars), or nil for none the compiler holds.
func (c *compiler) varOf(e ast.Expr) *variable {
	tv := c.info.Vars[unparen(e)]
	if tv == nil {
		return nil
	}
	return c.table(scopeOf(tv))[tv.Name]
}

// varRef returns the variable e names, or the error of a use of one the compiler cannot
// hold.
func (f *fn) varRef(e ast.Expr) (*variable, error) {
	v := f.c.varOf(e)
	switch {
	case v == nil:
		return nil, f.errf(e, "%s is not supported yet", ast.String(e))
	case v.declErr != "":
		return nil, f.errf(e, "%s", v.declErr)
	}
	return v, nil
}

// home assigns storage.
func (c *compiler) home(v *variable) {
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
