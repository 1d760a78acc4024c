// This file implements declarations (variables, typedefs, inlines, struct,
// union and enum definitions) and the resolution of type names, and the
// checks DTrace makes while parsing (before any clause is checked):
// undefined macro arguments, calls of undefined functions and constant
// division by zero.

package types

import (
	"strings"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/token"
)

// typeName resolves a type name of a cast, sizeof, offsetof, xlate or key
// signature.
func (check *checker) typeName(tn *ast.TypeName) Type {
	t := check.declType(check.typeSpec(tn.Spec), tn.Decl)
	check.logUndo(func() { delete(check.info.TypeNames, tn) })
	check.info.TypeNames[tn] = t
	return t
}

// typeSpec resolves the specifier part of a type.
func (check *checker) typeSpec(s *ast.TypeSpec) Type {
	switch s.Kind {
	case token.STRUCT, token.UNION:
		kw := "struct"
		if s.Kind == token.UNION {
			kw = "union"
		}
		if s.Body {
			return check.defineStruct(s, kw)
		}
		return check.tagged(s, kw)
	case token.ENUM:
		if s.Body {
			return check.defineEnum(s)
		}
		return check.tagged(s, "enum")
	}
	words := s.Words
	if len(words) == 1 && (s.Typedef || !isIntWord(words[0]) && words[0] != "string") {
		name := words[0]
		if userScope(s.Module) {
			if t, ok := check.typedefs[name]; ok {
				return t
			}
			if t := Predefined(name); t != nil {
				return t
			}
		}
		t, err := check.kernel().Named(name)
		if err != nil {
			if s.Module != "" {
				name = s.Module + "`" + name
			}
			check.errorAt(s, diag.D_UNKNOWN, "failed to resolve type %s: Unknown type name", name)
		}
		return t
	}
	if len(words) == 1 && words[0] == "string" {
		return String
	}
	t, err := IntType(words)
	if err != nil {
		check.badIntType(s, words)
	}
	return t
}

// badIntType reports an invalid combination of type keywords as DTrace's
// declaration code does (dt_decl_check, dt_decl_type).
func (check *checker) badIntType(s *ast.TypeSpec, words []string) {
	count := map[string]int{}
	for _, w := range words {
		count[w]++
	}
	switch {
	case count["char"] > 0 && (count["short"] > 0 || count["long"] > 0):
		check.errorAt(s, diag.D_DECL_CHARATTR, "invalid type declaration: short and long may not be used with char type")
	case count["void"] > 0:
		check.errorAt(s, diag.D_DECL_VOIDATTR, "invalid type declaration: attributes may not be used with void type")
	case count["char"]+count["int"]+count["void"] > 1:
		check.errorAt(s, diag.D_DECL_COMBO, "invalid type combination")
	}
	// Otherwise DTrace builds the type's name from the keywords and fails
	// to find it.
	name := ""
	if count["signed"] > 0 {
		name += "signed "
	}
	if count["unsigned"] > 0 {
		name += "unsigned "
	}
	if count["short"] > 0 {
		name += "short "
	}
	switch {
	case count["long"] == 1:
		name += "long "
	case count["long"] > 1:
		name += "long long "
	}
	if name == "" || count["short"]+count["long"] == 0 {
		if count["char"] > 0 {
			name += "char"
		} else if count["int"] > 0 || name == "" {
			name += "int"
		}
	}
	check.errorAt(s, diag.D_UNKNOWN, "failed to resolve type %s: Unknown type name", name)
}

// tagged resolves "struct x", "union x" or "enum x": D definitions first,
// then the kernel's; an unknown tag is an incomplete (forward) type.
func (check *checker) tagged(s *ast.TypeSpec, kw string) Type {
	if userScope(s.Module) {
		if t, ok := check.tags[kw+" "+s.Tag]; ok {
			return t
		}
	}
	if s.Module == "" || !userScope(s.Module) {
		if t, err := check.kernel().Tagged(kw, s.Tag); err == nil {
			return t
		}
	}
	if kw == "enum" {
		return &Enum{Name: s.Tag, Bytes: 4}
	}
	return &Forward{Name: s.Tag, Union: kw == "union"}
}

// userScope reports whether a type scope names the program's own
// definitions: no scope, or DTrace's "D" (D program definitions) and "C"
// (C preprocessor definitions) containers, as in struct D`foo.
func userScope(module string) bool {
	return module == "" || module == "D" || module == "C"
}

// declType applies a declarator's pointers and array dimensions.
func (check *checker) declType(t Type, d *ast.Declarator) Type {
	if d == nil {
		return t
	}
	for i := 0; i < d.Ptrs; i++ {
		t = &Pointer{Elem: t}
	}
	for i := len(d.Dims) - 1; i >= 0; i-- {
		dim := d.Dims[i]
		if dim.Size == nil {
			continue // associative array signature or [] (see varDecl)
		}
		op := check.expr(dim.Size, opRef)
		if !op.posConst() {
			check.errorAt(dim, diag.D_DECL_ARRSUB, "positive integral constant expression or tuple signature expected as array declaration subscript")
		}
		if op.c.Int > 0xffffffff {
			check.errorAt(dim, diag.D_DECL_ARRBIG, "array dimension too big")
		}
		t = &Array{Elem: t, Len: op.c.Int}
	}
	return t
}

func (check *checker) defineStruct(s *ast.TypeSpec, kw string) Type {
	st := &Struct{Name: s.Tag, Union: kw == "union"}
	if s.Tag != "" {
		if old, ok := check.tags[kw+" "+s.Tag]; ok {
			if os, ok := old.(*Struct); !ok || len(os.fields) != 0 {
				check.errorAt(s, diag.D_DECL_TYPERED, "type redeclared: %s %s", kw, s.Tag)
			}
		}
		check.tags[kw+" "+s.Tag] = st // visible to its own members (pointers)
	}
	var boff, size, align uint64 = 0, 0, 1 // boff: next free bit
	for _, m := range s.Members {
		base := check.typeSpec(m.Spec)
		for _, d := range m.Decls {
			t := check.declType(base, d)
			name := ""
			if d.Name != nil {
				name = d.Name.Name
			}
			if name != "" && st.Field(name) != nil {
				check.errorAt(d, diag.D_UNKNOWN, "failed to define member '%s': Duplicate member or variable name", name)
			}
			f := &Field{Name: name, Type: t}
			if d.BitWidth != nil {
				op := check.expr(d.BitWidth, opRef)
				if !op.posConst() {
					check.errorAt(d, diag.D_DECL_BFCONST, "positive integral constant expression expected as bit-field size")
				}
				if !IsInteger(t) {
					check.errorAt(d, diag.D_DECL_BFTYPE, "invalid type for bit-field: %s", bfName(name))
				}
				if op.c.Int > t.Size()*8 {
					check.errorAt(d, diag.D_DECL_BFSIZE, "bit-field too big for type: %s", bfName(name))
				}
				f.BitSize = op.c.Int
			}
			switch {
			case IsVoid(t):
				check.errorAt(d, diag.D_DECL_VOIDOBJ, "cannot have void member: %s", name)
			case t.Size() == 0 && !IsString(t):
				check.errorAt(d, diag.D_DECL_INCOMPLETE, "incomplete struct/union/enum %s: %s", t, name)
			}
			sz := t.Size()
			if IsString(t) {
				sz = check.strSize()
			}
			al := alignOf(t)
			if al > align {
				align = al
			}
			switch {
			case st.Union:
				f.Offset = 0
				if sz > size {
					size = sz
				}
			case f.BitSize != 0:
				// C packs a bit-field into the current storage unit
				// of its type when it fits.
				unit := sz * 8
				if boff%unit+f.BitSize > unit {
					boff += unit - boff%unit
				}
				f.Offset = boff
				boff += f.BitSize
			default:
				if r := boff % (al * 8); r != 0 {
					boff += al*8 - r
				}
				f.Offset = boff
				boff += sz * 8
			}
			st.fields = append(st.fields, f)
		}
	}
	if !st.Union {
		size = (boff + 7) / 8
	}
	if size%align != 0 {
		size += align - size%align
	}
	st.Bytes = size
	return st
}

func (check *checker) defineEnum(s *ast.TypeSpec) Type {
	e := &Enum{Name: s.Tag, Bytes: 4}
	if s.Tag != "" {
		if old, ok := check.tags["enum "+s.Tag].(*Enum); ok && len(old.Values) > 0 {
			check.errorAt(s, diag.D_DECL_TYPERED, "type redeclared: enum %s", s.Tag)
		}
		check.tags["enum "+s.Tag] = e
	}
	next := int64(0)
	for _, en := range s.Enumerators {
		if en.Value != nil {
			op := check.expr(en.Value, opRef)
			if !op.isIntConst() {
				check.errorAt(en, diag.D_DECL_ENCONST, "enumerator '%s' must be assigned to an integral constant expression", en.Name.Name)
			}
			next = int64(op.c.Int)
		}
		if next > 0x7fffffff || next < -0x80000000 {
			check.errorAt(en, diag.D_DECL_ENOFLOW, "enumerator '%s' value overflows INT_MAX (%d)", en.Name.Name, 0x7fffffff)
		}
		if check.identKindName(en.Name.Name) != "" {
			check.errorAt(en, diag.D_DECL_IDRED, "identifier redeclared: %s", en.Name.Name)
		}
		e.Values = append(e.Values, EnumValue{Name: en.Name.Name, Value: next})
		check.enumers[en.Name.Name] = enumerator{typ: e, value: next}
		next++
	}
	return e
}

// decl checks a program-level declaration.
func (check *checker) decl(d ast.Decl) {
	// Declarations are processed while DTrace parses; expressions in them
	// (array sizes, enumerator values, inlines) have no clause.
	var later []func()
	check.deferred = &later
	defer func() { check.deferred = nil }()
	switch d := d.(type) {
	case *ast.BadDecl:
		check.errorAt(d, diag.D_SYNTAX, "syntax error")
	case *ast.VarDecl:
		check.varDecl(d)
	case *ast.TypedefDecl:
		base := check.typeSpec(d.Spec)
		for _, dd := range d.Decls {
			if dd.Name == nil {
				continue
			}
			name := dd.Name.Name
			if _, ok := check.globals[name]; ok {
				check.errorAt(dd, diag.D_DECL_IDRED, "global variable identifier redeclared: %s", name)
			}
			if _, ok := check.typedefs[name]; ok || Predefined(name) != nil {
				check.errorAt(dd, diag.D_DECL_IDRED, "typedef redeclared: %s", name)
			}
			check.typedefs[name] = &Typedef{Name: name, Under: check.declType(base, dd), order: 950}
		}
	case *ast.InlineDecl:
		check.inlineDecl(d)
	case *ast.TranslatorDecl:
		check.errorAt(d, diag.D_UNKNOWN, "translator definitions are not supported by godtrace")
	}
	for _, f := range later {
		if f != nil {
			f()
		}
	}
}

func (check *checker) varDecl(d *ast.VarDecl) {
	scope := Global
	switch d.Class {
	case 0:
	case token.SELF:
		scope = ThreadLocal
	case token.THIS:
		scope = ClauseLocal
	case token.EXTERN:
		check.errorAt(d, diag.D_UNKNOWN, "failed to extern %s: kernel symbols are not available to godtrace", declName(d))
	default:
		check.errorAt(d, diag.D_DECL_BADCLASS, "specified storage class not appropriate in D")
	}
	base := check.typeSpec(d.Spec)
	if len(d.Decls) == 0 {
		if d.Spec.Kind == 0 {
			check.errorAt(d, diag.D_DECL_USELESS, "useless declaration")
		}
		return
	}
	for _, dd := range d.Decls {
		if dd.Name == nil {
			check.errorAt(dd, diag.D_DECL_USELESS, "useless declaration")
		}
		name := dd.Name.Name
		if dd.Name.Backquote || dd.Name.Module != "" {
			check.errorAt(dd, diag.D_DECL_SCOPE, "D scoping operator may not be used in a declaration name (%s)", name)
		}
		var keys []Type
		assoc := false
		for _, dim := range dd.Dims {
			if dim.Keys != nil {
				assoc = true
				for _, k := range dim.Keys {
					keys = append(keys, check.typeName(k))
				}
			} else if dim.Size == nil {
				check.errorAt(dd, diag.D_DECL_ARRNULL, "array declaration requires array dimension or tuple signature: %s", name)
			}
		}
		if assoc && scope == ClauseLocal {
			check.errorAt(dd, diag.D_DECL_LOCASSC, "associative arrays may not be declared as local variables: %s", name)
		}
		var t Type
		if assoc {
			t = base
			for i := 0; i < dd.Ptrs; i++ {
				t = &Pointer{Elem: t}
			}
		} else {
			t = check.declType(base, dd)
		}
		if scope == Global && (LookupVar(name) != nil || LookupFunc(name) != nil) {
			check.errorAt(dd, diag.D_DECL_IDRED, "built-in identifier redeclared: %s", name)
		}
		if _, ok := check.typedefs[name]; ok || Predefined(name) != nil {
			check.errorAt(dd, diag.D_DECL_IDRED, "typedef identifier redeclared: %s", name)
		}
		kind := "scalar"
		if assoc {
			kind = "associative array"
		}
		if old := check.varTable(scope)[name]; old != nil {
			if old.Assoc != assoc || old.Type == nil || !Identical(old.Type, t) {
				prev := "<none>"
				if old.Type != nil {
					prev = old.Type.String()
				}
				check.errorAt(dd, diag.D_DECL_IDRED, "identifier redeclared: %s\n\t current: %s %s\n\tprevious: %s %s", name, kind, t, old.kindName(), prev)
			}
			check.info.Decls[dd] = old
			continue
		}
		if IsVoid(t) {
			check.errorAt(dd, diag.D_DECL_VOIDOBJ, "cannot have void object: %s", name)
		}
		switch Resolve(t).(type) {
		case *Forward:
			check.errorAt(dd, diag.D_DECL_INCOMPLETE, "incomplete struct/union/enum %s: %s", t, name)
		}
		v := check.newVar(scope, name)
		v.Declared, v.Type, v.Assoc = true, t, assoc
		if assoc {
			v.Keys, v.keysSet = keys, true
		}
		check.info.Decls[dd] = v
	}
}

func declName(d *ast.VarDecl) string {
	if len(d.Decls) > 0 && d.Decls[0].Name != nil {
		return d.Decls[0].Name.Name
	}
	return ""
}

func (check *checker) inlineDecl(d *ast.InlineDecl) {
	if d.Decl == nil || d.Decl.Name == nil {
		check.errorAt(d, diag.D_DECL_USELESS, "inline declaration requires a name")
	}
	name := d.Decl.Name.Name
	if kind := check.identKindName(name); kind != "" {
		inl := ""
		_, lib := libInlines[name]
		if _, ok := check.inlines[name]; ok || lib || name == "NULL" {
			inl = "inline"
		}
		check.errorAt(d, diag.D_DECL_IDRED, "identifier redefined: %s\n\t current: inline definition\n\tprevious: %s %s", name, kind, inl)
	}
	for _, dim := range d.Decl.Dims {
		if dim.Keys != nil {
			check.errorAt(d, diag.D_UNKNOWN, "inline associative arrays are not supported by godtrace: %s", name)
		}
	}
	t := check.declType(check.typeSpec(d.Spec), d.Decl)
	if IsVoid(t) {
		check.errorAt(d, diag.D_DECL_VOIDOBJ, "cannot declare void inline: %s", name)
	}
	op := check.expr(d.Value, opRef)
	if !argCompat(t, op) {
		check.errorAt(d, diag.D_OP_INCOMPAT, "inline %s definition uses incompatible types: \"%s\" = \"%s\"", name, t, op.typeName())
	}
	if op.isIntConst() && IsInteger(t) {
		c := Const{Int: castConst(op.c.Int, op.t, t)}
		check.info.Consts[d.Value] = c
	}
	check.inlines[name] = &inline{name: name, typ: t, val: d.Value, decl: d}
}

// parseChecks finds the errors DTrace reports while parsing a clause,
// before any clause is checked: undefined macro arguments, calls of
// undefined functions, and constant division by zero.
func (check *checker) parseChecks(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.MacroArg:
			check.macroDefined(x)
		case *ast.CallExpr:
			check.lookupFunc(x)
		case *ast.BinaryExpr:
			if x.Op == token.QUO || x.Op == token.REM {
				if c, ok := check.parseConst(x.Y); ok && c == 0 {
					check.errorAt(x, diag.D_DIV_ZERO, "expression contains division by zero")
				}
			}
		case *ast.AssignExpr:
			if x.Op == token.QUO_ASSIGN || x.Op == token.REM_ASSIGN {
				if c, ok := check.parseConst(x.RHS); ok && c == 0 {
					check.errorAt(x, diag.D_DIV_ZERO, "expression contains division by zero")
				}
			}
		}
		return true
	})
}

// macroDefined reports an undefined macro argument or variable.
func (check *checker) macroDefined(x *ast.MacroArg) {
	if x.Name != "" && x.Name[0] >= '0' && x.Name[0] <= '9' {
		n := 0
		for _, c := range x.Name {
			n = n*10 + int(c-'0')
			if n > 1<<20 {
				break
			}
		}
		if n >= len(check.conf.MacroArgs) && !check.conf.DefaultArgs {
			check.errorAt(x, diag.D_MACRO_UNDEF, "macro argument %s is not defined", macroText(x))
		}
		return
	}
	if _, ok := check.macroValue(x.Name); !ok {
		check.errorAt(x, diag.D_MACRO_UNDEF, "macro variable %s is not defined", macroText(x))
	}
}

// parseConst evaluates the integer constant expressions DTrace folds while
// parsing (literals, integer macro arguments, and operators on them).
func (check *checker) parseConst(e ast.Expr) (uint64, bool) {
	op := check.pconst(e)
	if op == nil {
		return 0, false
	}
	return op.c.Int, true
}

func (check *checker) pconst(e ast.Expr) *operand {
	switch x := e.(type) {
	case *ast.IntLit:
		t, ok := intLitType(x.Value, x.Base == 10, x.Suffix)
		if !ok {
			return nil
		}
		return check.newOp(operand{t: t, isConst: true, c: Const{Int: x.Value}})
	case *ast.CharLit:
		t, _ := intLitType(uint64(x.Value), true, "")
		if t == nil {
			t = Universe.Long
		}
		return check.newOp(operand{t: t, isConst: true, c: Const{Int: uint64(x.Value)}})
	case *ast.MacroArg:
		if x.Quoted || x.Name == "" {
			return nil
		}
		if x.Name[0] < '0' || x.Name[0] > '9' {
			v, ok := check.macroValue(x.Name)
			if !ok {
				return nil
			}
			return check.newOp(operand{t: Universe.Int, isConst: true, c: Const{Int: uint64(int64(int32(v)))}})
		}
		n := 0
		for _, c := range x.Name {
			n = n*10 + int(c-'0')
		}
		if n >= len(check.conf.MacroArgs) {
			return nil
		}
		val := check.conf.MacroArgs[n]
		neg := strings.HasPrefix(val, "-")
		val = strings.TrimLeft(val, "+-")
		u, suffix, ok := parseCInt(val)
		if !ok {
			return nil
		}
		t, ok := intLitType(u, val[0] != '0', suffix)
		if !ok {
			return nil
		}
		if neg {
			u = negConst(u, t)
		}
		return check.newOp(operand{t: t, isConst: true, c: Const{Int: u}})
	case *ast.ParenExpr:
		return check.pconst(x.X)
	case *ast.UnaryExpr:
		op := check.pconst(x.X)
		if op == nil {
			return nil
		}
		switch x.Op {
		case token.ADD:
			return op
		case token.SUB:
			return check.newOp(operand{t: op.t, isConst: true, c: Const{Int: negConst(op.c.Int, op.t)}})
		case token.TILDE:
			return check.newOp(operand{t: op.t, isConst: true, c: Const{Int: ^op.c.Int}})
		case token.NOT:
			v := uint64(0)
			if op.c.Int == 0 {
				v = 1
			}
			return check.newOp(operand{t: op.t, isConst: true, c: Const{Int: v}})
		}
	case *ast.BinaryExpr:
		l, r := check.pconst(x.X), check.pconst(x.Y)
		if l == nil || r == nil {
			return nil
		}
		if c, t, ok := fold(x.Op, l, r); ok {
			return check.newOp(operand{t: t, isConst: true, c: c})
		}
	case *ast.CondExpr:
		c := check.pconst(x.Cond)
		if c == nil {
			return nil
		}
		if c.c.Int != 0 {
			return check.pconst(x.Then)
		}
		return check.pconst(x.Else)
	}
	return nil
}

func bfName(name string) string {
	if name == "" {
		return "(anon)"
	}
	return name
}
