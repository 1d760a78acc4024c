// This file implements identifier resolution: built-in variables, program
// variables in their three scopes (created on first use as DTrace does),
// inlines, enumerators and macro arguments.

package types

import (
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/token"
)

// newVar creates a program variable in a scope's table.
func (check *checker) newVar(scope Scope, name string) *Var {
	v := &Var{Name: name, Scope: scope}
	var table map[string]*Var
	var list *[]*Var
	switch scope {
	case Global:
		table, list = check.globals, &check.info.Globals
	case ThreadLocal:
		table, list = check.tls, &check.info.ThreadLocals
	default:
		table, list = check.locals, &check.info.ClauseLocals
	}
	v.ID = len(*list)
	table[name] = v
	*list = append(*list, v)
	check.logUndo(func() {
		delete(table, name)
		*list = (*list)[:len(*list)-1]
	})
	return v
}

// updateVar changes a variable, logging how to undo it.
func (check *checker) updateVar(v *Var, f func(v *Var)) {
	if check.undo != nil {
		old := *v
		check.logUndo(func() { *v = old })
	}
	f(v)
}

// unref reports whether v was created in this program and neither read,
// written nor declared yet (dt_ident_unref).
func (v *Var) unref() bool { return !v.ref && !v.mod && !v.Declared }

func (v *Var) prefix() string {
	switch v.Scope {
	case ThreadLocal:
		return "self->"
	case ClauseLocal:
		return "this->"
	}
	return ""
}

// kindName is dt_idkind_name for a variable.
func (v *Var) kindName() string {
	if v.Assoc {
		return "associative array"
	}
	return "scalar"
}

// varTable returns the table of a scope.
func (check *checker) varTable(scope Scope) map[string]*Var {
	switch scope {
	case Global:
		return check.globals
	case ThreadLocal:
		return check.tls
	}
	return check.locals
}

// builtinVarType resolves the type of a built-in scalar variable.
func (check *checker) builtinVarType(n ast.Node, b *BuiltinVar) Type {
	if b.typ != nil {
		return b.typ
	}
	var k KernelTypes
	if strings.HasPrefix(b.TypeName, "struct ") {
		k = check.kernel()
	}
	t, err := ParseType(b.TypeName, k)
	if err != nil {
		check.errorAt(n, diag.D_UNKNOWN, "failed to resolve type %s for identifier %s: %v", b.TypeName, b.Name, err)
	}
	return t
}

// identKindName returns dt_idkind_name of what name refers to globally,
// or "" if it is undefined.
func (check *checker) identKindName(name string) string {
	if b := LookupVar(name); b != nil {
		if b.Array {
			return "associative array"
		}
		return "scalar"
	}
	if f := LookupFunc(name); f != nil {
		return f.Kind.String()
	}
	if v := check.globals[name]; v != nil {
		return v.kindName()
	}
	if _, ok := check.inlines[name]; ok || name == "NULL" {
		return "scalar"
	}
	if _, ok := libInlines[name]; ok {
		return "scalar"
	}
	if _, ok := check.enumers[name]; ok {
		return "enumerator"
	}
	return ""
}

// ident resolves an identifier used as a scalar value (not called, not
// indexed).
func (check *checker) ident(x *ast.Ident, how int) *operand {
	name := x.Name
	if x.Backquote {
		full := "`" + name
		if x.Module != "" {
			full = x.Module + full
		}
		check.errorAt(x, diag.D_IDENT_UNDEF, "failed to resolve %s: %s", full,
			"kernel symbol references are not supported on Linux")
	}
	if in, ok := check.inlines[name]; ok {
		check.logUndo(func() { delete(check.info.Inlines, x) })
		check.info.Inlines[x] = in.decl
		op := check.newOp(operand{t: in.typ})
		if c, ok := check.info.Consts[in.val]; ok {
			op.c, op.isConst = c, true
			check.setConst(x, c)
		}
		return op
	}
	if name == "NULL" {
		// dt_open.c's hard-wired "inline long NULL = 0;".
		c := Const{}
		check.setConst(x, c)
		return check.newOp(operand{t: Universe.Long, c: c, isConst: true})
	}
	if v, ok := libInlines[name]; ok {
		c := Const{Int: uint64(v)}
		check.setConst(x, c)
		return check.newOp(operand{t: Universe.Int, c: c, isConst: true})
	}
	if b := LookupVar(name); b != nil {
		if b.Array {
			check.errorAt(x, diag.D_IDENT_BADREF, "associative array '%s' may not be referenced as scalar", name)
		}
		check.setBuiltin(x, b)
		return check.newOp(operand{t: check.builtinVarType(x, b), lval: true, nm: "scalar", id: name})
	}
	if f := LookupFunc(name); f != nil {
		check.errorAt(x, diag.D_IDENT_BADREF, "%s '%s' may not be referenced as scalar", f.Kind, name)
	}
	if e, ok := check.enumers[name]; ok {
		c := Const{Int: uint64(e.value)}
		check.setConst(x, c)
		return check.newOp(operand{t: e.typ, c: c, isConst: true})
	}
	v := check.globals[name]
	if v == nil {
		if how&opCreate == 0 {
			check.errorAt(x, diag.D_IDENT_UNDEF, "failed to resolve %s: Unknown variable name", name)
		}
		v = check.newVar(Global, name)
	} else if v.Assoc {
		check.errorAt(x, diag.D_IDENT_BADREF, "associative array '%s' may not be referenced as scalar", name)
	}
	return check.varOperand(x, v, how)
}

// scopedVar resolves self->x or this->x, creating the variable on first
// use as DTrace does.
func (check *checker) scopedVar(x *ast.ScopedVar, how int) *operand {
	scope := ThreadLocal
	if x.Scope == token.THIS {
		scope = ClauseLocal
	}
	v := check.varTable(scope)[x.Name]
	if v == nil {
		v = check.newVar(scope, x.Name)
	}
	if v.Assoc {
		check.errorAt(x, diag.D_IDENT_BADREF, "associative array '%s' may not be referenced as scalar", x.Name)
	}
	return check.varOperand(x, v, how)
}

// varOperand finishes a reference to a scalar program variable: a read of
// a variable never assigned is D_VAR_UNDEF (dt_cook_var).
func (check *checker) varOperand(x ast.Expr, v *Var, how int) *operand {
	check.setVar(x, v)
	if how&opRef != 0 && v.unref() {
		check.errorAt(x, diag.D_VAR_UNDEF, "%s%s has not yet been declared or assigned", v.prefix(), v.Name)
	}
	check.markUse(v, how)
	t := v.Type
	if t == nil {
		t = Dynamic
	}
	return check.newOp(operand{t: t, lval: true, writable: true, v: v, nm: v.kindName(), id: v.Name})
}

func (check *checker) markUse(v *Var, how int) {
	if (how&opRef != 0 && !v.ref) || (how&opMod != 0 && !v.mod) {
		check.updateVar(v, func(v *Var) {
			if how&opRef != 0 {
				v.ref = true
			}
			if how&opMod != 0 {
				v.mod = true
			}
		})
	}
}

// macroValue returns the value of a macro variable ($target, $pid ...).
func (check *checker) macroValue(name string) (int64, bool) {
	if v, ok := check.conf.Macros[name]; ok {
		return v, true
	}
	switch name {
	case "target":
		return 0, true
	case "pid":
		return int64(os.Getpid()), true
	case "ppid":
		return int64(os.Getppid()), true
	case "uid":
		return int64(os.Getuid()), true
	case "gid":
		return int64(os.Getgid()), true
	case "euid":
		return int64(os.Geteuid()), true
	case "egid":
		return int64(os.Getegid()), true
	case "pgid":
		return int64(syscall.Getpgrp()), true
	case "sid":
		sid, _, errno := syscall.RawSyscall(syscall.SYS_GETSID, 0, 0, 0)
		if errno != 0 {
			return 0, true
		}
		return int64(sid), true
	case "projid", "taskid":
		return 0, true
	}
	return 0, false
}

// macroArg resolves $N, $$N and $name as DTrace's lexer substitutes them:
// $$N is always a string; $N is an integer if its text is one, an
// identifier if its text is one, else a string (quotes stripped); $name
// is an integer.
func (check *checker) macroArg(x *ast.MacroArg, how int) *operand {
	n, err := strconv.Atoi(x.Name)
	if err != nil || x.Name == "" || x.Name[0] < '0' || x.Name[0] > '9' {
		v, ok := check.macroValue(x.Name)
		if !ok {
			check.errorAt(x, diag.D_MACRO_UNDEF, "macro variable %s is not defined", macroText(x))
		}
		if x.Quoted {
			c := Const{IsString: true, Str: strconv.FormatUint(uint64(uint32(v)), 10)}
			check.setConst(x, c)
			return check.newOp(operand{t: String, c: c, isConst: true})
		}
		c := Const{Int: uint64(int64(int32(v)))}
		check.setConst(x, c)
		return check.newOp(operand{t: Universe.Int, c: c, isConst: true})
	}
	var val string
	switch {
	case n < len(check.conf.MacroArgs):
		val = check.conf.MacroArgs[n]
	case check.conf.DefaultArgs:
		if x.Quoted {
			val = ""
		} else {
			val = "0"
		}
	default:
		check.errorAt(x, diag.D_MACRO_UNDEF, "macro argument %s is not defined", macroText(x))
	}
	if x.Quoted {
		c := Const{IsString: true, Str: unescape(val)}
		check.setConst(x, c)
		return check.newOp(operand{t: String, c: c, isConst: true})
	}
	if badIdNum(val) {
		s := val
		if len(s) != 1 && strings.HasPrefix(s, `"`) && strings.HasSuffix(s, `"`) {
			s = s[1 : len(s)-1]
		}
		c := Const{IsString: true, Str: unescape(s)}
		check.setConst(x, c)
		return check.newOp(operand{t: String, c: c, isConst: true})
	}
	if c := val[0]; c >= '0' && c <= '9' || c == '-' || c == '+' {
		neg := false
		digits := val
		if c == '-' || c == '+' {
			neg = c == '-'
			digits = val[1:]
		}
		u, suffix, ok := parseCInt(digits)
		if !ok {
			check.errorAt(x, diag.D_MACRO_OFLOW, "macro argument %s constant %s results in integer overflow", macroText(x), digits)
		}
		t, ok := intLitType(u, digits[0] != '0', suffix)
		if !ok {
			check.errorAt(x, diag.D_INT_OFLOW, "integer constant 0x%x cannot be represented in any built-in integral type", u)
		}
		if neg {
			u = negConst(u, t)
		}
		cst := Const{Int: u}
		check.setConst(x, cst)
		return check.newOp(operand{t: t, c: cst, isConst: true})
	}
	// An identifier: resolve it as if it had been written in place; the
	// side tables are keyed by the MacroArg itself.
	id := &ast.Ident{NamePos: x.DollarPos, Name: val}
	op := check.ident(id, how)
	if v, ok := check.info.Vars[id]; ok {
		check.setVar(x, v)
	}
	if b, ok := check.info.Builtins[id]; ok {
		check.setBuiltin(x, b)
	}
	if in, ok := check.info.Inlines[id]; ok {
		check.logUndo(func() { delete(check.info.Inlines, x) })
		check.info.Inlines[x] = in
	}
	return op
}

func macroText(x *ast.MacroArg) string {
	if x.Quoted {
		return "$$" + x.Name
	}
	return "$" + x.Name
}

// badIdNum reports whether s is neither a valid C integer (with optional
// sign and suffix) nor a valid identifier (strbadidnum).
func badIdNum(s string) bool {
	if s == "" {
		return true
	}
	t := s
	if t[0] == '-' || t[0] == '+' {
		t = t[1:]
	}
	if t != "" && t[0] >= '0' && t[0] <= '9' {
		_, _, ok := parseCInt(t)
		if ok {
			return false
		}
		// Overflowing numbers are still numbers (D_MACRO_OFLOW).
		_, suf, _ := splitCInt(t)
		return suf == "?"
	}
	if s[0] == '-' || s[0] == '+' {
		return true
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c == '`' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return true
		}
	}
	return false
}

// splitCInt splits a C integer into digits (with base prefix) and suffix;
// suffix "?" means the text is not a C integer.
func splitCInt(s string) (digits, suffix string, base int) {
	base = 10
	i := 0
	if strings.HasPrefix(s, "0x") || strings.HasPrefix(s, "0X") {
		base, i = 16, 2
		for i < len(s) && strings.IndexByte("0123456789abcdefABCDEF", s[i]) >= 0 {
			i++
		}
		if i == 2 {
			return s, "?", base
		}
	} else {
		if strings.HasPrefix(s, "0") {
			base = 8
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	suffix = strings.ToLower(s[i:])
	switch suffix {
	case "", "u", "l", "ul", "lu", "ll", "ull", "llu":
		return s[:i], suffix, base
	}
	return s[:i], "?", base
}

// parseCInt parses a C integer constant with an optional u/l/ll suffix.
func parseCInt(s string) (v uint64, suffix string, ok bool) {
	digits, suffix, base := splitCInt(s)
	if suffix == "?" {
		return 0, suffix, false
	}
	if base == 16 {
		digits = digits[2:]
	}
	v, err := strconv.ParseUint(digits, base, 64)
	if err != nil {
		return 0, suffix, false
	}
	return v, suffix, true
}

// intLitType returns the type of an integer constant (dt_node_int, after
// ISO C99 6.4.4.1): the first of int, unsigned int, long, unsigned long,
// long long, unsigned long long that can hold it, skipping the unsigned
// types for unsuffixed decimal constants and the signed ones for u
// suffixes.
func intLitType(v uint64, decimal bool, suffix string) (Type, bool) {
	u := Universe
	table := []struct {
		t     Type
		limit uint64
	}{
		{u.Int, 0x7fffffff},
		{u.UInt, 0xffffffff},
		{u.Long, 0x7fffffffffffffff},
		{u.ULong, 0xffffffffffffffff},
		{u.LongLong, 0x7fffffffffffffff},
		{u.ULongLong, 0xffffffffffffffff},
	}
	i := 0
	for _, c := range suffix {
		switch c {
		case 'u':
			i++
		case 'l':
			i += 2
		}
	}
	n := 1
	if decimal || strings.HasPrefix(suffix, "u") {
		n = 2
	}
	for ; i < len(table); i += n {
		if v <= table[i].limit {
			return table[i].t, true
		}
	}
	return nil, false
}

// negConst negates a constant of type t; for unsigned types the result is
// truncated to the type's width (dt_node_op1, DT_TOK_INEG).
func negConst(v uint64, t Type) uint64 {
	v = -v
	if !IsSigned(t) {
		if sz := t.Size(); sz > 0 && sz < 8 {
			v &= ^uint64(0) >> (64 - sz*8)
		}
	}
	return v
}

// unescape decodes C escapes in a macro argument (stresc2chr).
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch c = s[i]; c {
		case 'a':
			b.WriteByte(7)
		case 'b':
			b.WriteByte(8)
		case 'f':
			b.WriteByte(12)
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte(11)
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v := 0
			j := 0
			for ; j < 3 && i < len(s) && s[i] >= '0' && s[i] <= '7'; j++ {
				v = v*8 + int(s[i]-'0')
				i++
			}
			i--
			b.WriteByte(byte(v))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
