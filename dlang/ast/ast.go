// This file implements the node types of the D abstract syntax tree.

package ast

import (
	"github.com/godtrace/godtrace/dlang/token"
)

// Node is any node of the tree. Pos is the first byte of the node, End the
// byte just after it.
type Node interface {
	Pos() token.Pos
	End() token.Pos
}

// Expr is an expression node.
type Expr interface {
	Node
	exprNode()
}

// Stmt is a statement node inside an action block.
type Stmt interface {
	Node
	stmtNode()
}

// Decl is a declaration at program (outer) scope.
type Decl interface {
	Node
	declNode()
}

// ----------------------------------------------------------------------------
// Program, pragmas, clauses

// Program is one compilation unit: a script (-s) or one probe specifier
// (-n/-P/-m/-f/-i). Pragmas, Decls and Clauses are each in source order;
// Items holds all of them interleaved in source order, except that a
// control line written inside an action block is listed just before its
// clause.
type Program struct {
	File *token.File
	// Files, when set, holds the files of several sources merged into one
	// program (dtrace -s a.d -n ...): positions of any of them expand there.
	Files    *token.FileSet
	Shebang  string // the "#!..." first line, without newline; "" if none
	Items    []Node // every *Pragma, Decl and *Clause, in source order
	Pragmas  []*Pragma
	Decls    []Decl
	Clauses  []*Clause
	EOF      token.Pos // position of end of input
	Typedefs []string  // names declared by typedef, in order
}

// Pos returns the start of the first item, or of the file.
func (p *Program) Pos() token.Pos {
	if len(p.Items) > 0 {
		return p.Items[0].Pos()
	}
	if p.File != nil {
		return p.File.Pos(0)
	}
	return token.PosFor(0)
}

// End returns the end of input.
func (p *Program) End() token.Pos { return p.EOF }

// Position expands pos using the program's files.
func (p *Program) Position(pos token.Pos) token.Position {
	if p.Files != nil {
		return p.Files.Position(pos)
	}
	return p.File.Position(pos)
}

// Pragma is a control line: "#pragma D option quiet", "#pragma D error
// \"msg\"", "#pragma D depends_on module x", "#pragma ident ...", or a
// cpp line marker "# 12 \"file\"" / "#line 12". Words are the
// whitespace-separated words after "#pragma" (after "#" for line markers),
// with string literals kept quoted: for "#pragma D option bufsize=4m" Words
// is ["D", "option", "bufsize=4m"].
type Pragma struct {
	Hash  token.Pos // position of '#'
	Text  string    // the whole line, '#' included, without newline
	Line  bool      // a line marker ("#line N" or "# N"), not a #pragma
	Words []string
	// Directive is the directive the parser recognised, as DTrace's
	// dt_pragma does: "option", "depends_on", "attributes", "binding",
	// "ident", "line" or "error" (the last never reaches the tree: it is
	// a compile error), or "" for an unknown "#pragma X" that DTrace
	// ignores. Args are the words after it (string literals quoted).
	Directive string
	Args      []string
	EndPos    token.Pos
}

// Option returns name, value for "#pragma D option name[=value]"; ok is
// false for any other pragma. The value is "" when absent.
func (p *Pragma) Option() (name, value string, ok bool) {
	if p.Line || len(p.Words) < 3 || p.Words[0] != "D" || p.Words[1] != "option" {
		return "", "", false
	}
	opt := p.Words[2]
	for i := 0; i < len(opt); i++ {
		if opt[i] == '=' {
			return opt[:i], opt[i+1:], true
		}
	}
	return opt, "", true
}

// Clause is a probe clause: descriptions, optional predicate, action block.
type Clause struct {
	Probes []*ProbeDesc
	Slash  token.Pos // opening '/' of the predicate, or NoPos
	Pred   Expr      // nil if no predicate
	Body   *Block    // the action list (possibly empty)
}

// ProbeDesc is one probe description. Text is the description exactly as
// written ("syscall::read*:entry"); the four fields are split out as
// DTrace's dtrace_xstr2desc splits them: at every ':', right to left (so
// "read:entry" has Function "read" and Name "entry"). Fields may contain
// globs (*, ?, [...]) and backslashes, kept as written for the matcher.
// Macro references ($1, $target, pid$pid) in the fields are substituted
// when the parser was given macro values, else kept; Text always stays as
// written. DTrace's messages about a description (D_PDESC_ZERO) print the
// fields joined with ':'.
type ProbeDesc struct {
	DescPos  token.Pos
	Text     string
	Provider string
	Module   string
	Function string
	Name     string
}

// ----------------------------------------------------------------------------
// Expressions

type (
	// BadExpr stands for an expression that failed to parse.
	BadExpr struct {
		From, To token.Pos
	}

	// Ident is an identifier: a built-in variable (pid, execname, args,
	// arg0), a global variable, an action/subroutine name in a CallExpr,
	// an enumerator or inline, or a kernel symbol with backquote
	// (Backquote true for `name).
	Ident struct {
		NamePos   token.Pos
		Name      string
		Backquote bool   // written `Name (the scoping operator)
		Module    string // "mod" in mod`name; "" otherwise
	}

	// IntLit is an integer constant. Value is the value of the digits
	// (for D_INT_OFLOW the parser reports constants over 64 bits), Base is
	// 8, 10 or 16, Suffix the lower-cased suffix ("", "u", "l", "ul", "ll",
	// "ull"): with the value they decide the C type of the constant.
	IntLit struct {
		ValuePos token.Pos
		Raw      string
		Value    uint64
		Base     int
		Suffix   string
	}

	// CharLit is a character constant: 'a', '\n', '\0', or a multi-char
	// constant 'ab' (whose Value packs the bytes big-endian, as C does).
	CharLit struct {
		ValuePos token.Pos
		Raw      string
		Value    int64
	}

	// StringLit is a string literal; Value has the escapes decoded.
	StringLit struct {
		ValuePos token.Pos
		Raw      string
		Value    string
	}

	// MacroArg is a macro variable: $0..$N, $target, $pid, $ppid, $uid,
	// $gid, $sid, $pgid, $projid, $taskid; Quoted for the $$ form ($$1,
	// which is always a string). Name is the text after the dollars.
	MacroArg struct {
		DollarPos token.Pos
		Name      string
		Quoted    bool
	}

	// Aggregation names an aggregation: @name, or @ (Name "") for the
	// anonymous one. Keys are applied with IndexExpr: @a[k1, k2].
	Aggregation struct {
		AtPos token.Pos
		Name  string
	}

	// ScopedVar is a thread-local (self->x) or clause-local (this->x)
	// variable. Scope is token.SELF or token.THIS.
	ScopedVar struct {
		ScopePos token.Pos
		Scope    token.Token
		Name     string
		NamePos  token.Pos
	}

	// ParenExpr is a parenthesised expression.
	ParenExpr struct {
		Lparen token.Pos
		X      Expr
		Rparen token.Pos
	}

	// SelectorExpr is X.Sel or X->Sel (Op is token.PERIOD or token.ARROW).
	SelectorExpr struct {
		X     Expr
		OpPos token.Pos
		Op    token.Token
		Sel   *Ident
	}

	// IndexExpr is X[Index...]: array subscript (one index), associative
	// array or aggregation keys (one or more).
	IndexExpr struct {
		X      Expr
		Lbrack token.Pos
		Index  []Expr
		Rbrack token.Pos
	}

	// CallExpr is Fun(Args...). Fun is an *Ident for actions, subroutines
	// and aggregating functions.
	CallExpr struct {
		Fun    Expr
		Lparen token.Pos
		Args   []Expr
		Rparen token.Pos
	}

	// UnaryExpr is a prefix operator: + - ! ~ * & ++ --.
	UnaryExpr struct {
		OpPos token.Pos
		Op    token.Token
		X     Expr
	}

	// PostfixExpr is X++ or X--.
	PostfixExpr struct {
		X     Expr
		OpPos token.Pos
		Op    token.Token
	}

	// BinaryExpr is X Op Y for the binary operators, ^^ and the comma
	// operator (token.COMMA) included.
	BinaryExpr struct {
		X     Expr
		OpPos token.Pos
		Op    token.Token
		Y     Expr
	}

	// AssignExpr is LHS Op RHS for = and the compound assignments.
	AssignExpr struct {
		LHS   Expr
		OpPos token.Pos
		Op    token.Token
		RHS   Expr
	}

	// CondExpr is Cond ? Then : Else.
	CondExpr struct {
		Cond     Expr
		Question token.Pos
		Then     Expr
		Colon    token.Pos
		Else     Expr
	}

	// CastExpr is (Type) X.
	CastExpr struct {
		Lparen token.Pos
		Type   *TypeName
		Rparen token.Pos
		X      Expr
	}

	// SizeofExpr is sizeof(Type) or sizeof X / sizeof(X): exactly one of
	// Type and X is set. Lparen/Rparen are NoPos for sizeof X.
	SizeofExpr struct {
		Sizeof token.Pos
		Lparen token.Pos
		Type   *TypeName
		X      Expr
		Rparen token.Pos
	}

	// StringofExpr is stringof(X) or stringof X.
	StringofExpr struct {
		Stringof token.Pos
		X        Expr
	}

	// OffsetofExpr is offsetof(Type, Member).
	OffsetofExpr struct {
		Offsetof token.Pos
		Type     *TypeName
		Member   *Ident
		Rparen   token.Pos
	}

	// XlateExpr is xlate <Type> (X).
	XlateExpr struct {
		Xlate  token.Pos
		Type   *TypeName
		X      Expr
		Rparen token.Pos
	}
)

func (x *BadExpr) Pos() token.Pos      { return x.From }
func (x *Ident) Pos() token.Pos        { return x.NamePos }
func (x *IntLit) Pos() token.Pos       { return x.ValuePos }
func (x *CharLit) Pos() token.Pos      { return x.ValuePos }
func (x *StringLit) Pos() token.Pos    { return x.ValuePos }
func (x *MacroArg) Pos() token.Pos     { return x.DollarPos }
func (x *Aggregation) Pos() token.Pos  { return x.AtPos }
func (x *ScopedVar) Pos() token.Pos    { return x.ScopePos }
func (x *ParenExpr) Pos() token.Pos    { return x.Lparen }
func (x *SelectorExpr) Pos() token.Pos { return x.X.Pos() }
func (x *IndexExpr) Pos() token.Pos    { return x.X.Pos() }
func (x *CallExpr) Pos() token.Pos     { return x.Fun.Pos() }
func (x *UnaryExpr) Pos() token.Pos    { return x.OpPos }
func (x *PostfixExpr) Pos() token.Pos  { return x.X.Pos() }
func (x *BinaryExpr) Pos() token.Pos   { return x.X.Pos() }
func (x *AssignExpr) Pos() token.Pos   { return x.LHS.Pos() }
func (x *CondExpr) Pos() token.Pos     { return x.Cond.Pos() }
func (x *CastExpr) Pos() token.Pos     { return x.Lparen }
func (x *SizeofExpr) Pos() token.Pos   { return x.Sizeof }
func (x *StringofExpr) Pos() token.Pos { return x.Stringof }
func (x *OffsetofExpr) Pos() token.Pos { return x.Offsetof }
func (x *XlateExpr) Pos() token.Pos    { return x.Xlate }

func (x *BadExpr) End() token.Pos { return x.To }
func (x *Ident) End() token.Pos {
	n := len(x.Name)
	if x.Backquote {
		n += 1 + len(x.Module)
	}
	return x.NamePos + token.Pos(n)
}
func (x *IntLit) End() token.Pos    { return x.ValuePos + token.Pos(len(x.Raw)) }
func (x *CharLit) End() token.Pos   { return x.ValuePos + token.Pos(len(x.Raw)) }
func (x *StringLit) End() token.Pos { return x.ValuePos + token.Pos(len(x.Raw)) }
func (x *MacroArg) End() token.Pos {
	n := 1 + len(x.Name)
	if x.Quoted {
		n++
	}
	return x.DollarPos + token.Pos(n)
}
func (x *Aggregation) End() token.Pos  { return x.AtPos + token.Pos(1+len(x.Name)) }
func (x *ScopedVar) End() token.Pos    { return x.NamePos + token.Pos(len(x.Name)) }
func (x *ParenExpr) End() token.Pos    { return x.Rparen + 1 }
func (x *SelectorExpr) End() token.Pos { return x.Sel.End() }
func (x *IndexExpr) End() token.Pos    { return x.Rbrack + 1 }
func (x *CallExpr) End() token.Pos     { return x.Rparen + 1 }
func (x *UnaryExpr) End() token.Pos    { return x.X.End() }
func (x *PostfixExpr) End() token.Pos  { return x.OpPos + 2 }
func (x *BinaryExpr) End() token.Pos   { return x.Y.End() }
func (x *AssignExpr) End() token.Pos   { return x.RHS.End() }
func (x *CondExpr) End() token.Pos     { return x.Else.End() }
func (x *CastExpr) End() token.Pos     { return x.X.End() }
func (x *SizeofExpr) End() token.Pos {
	if x.Rparen.IsValid() {
		return x.Rparen + 1
	}
	return x.X.End()
}
func (x *StringofExpr) End() token.Pos { return x.X.End() }
func (x *OffsetofExpr) End() token.Pos { return x.Rparen + 1 }
func (x *XlateExpr) End() token.Pos    { return x.Rparen + 1 }

func (*BadExpr) exprNode()      {}
func (*Ident) exprNode()        {}
func (*IntLit) exprNode()       {}
func (*CharLit) exprNode()      {}
func (*StringLit) exprNode()    {}
func (*MacroArg) exprNode()     {}
func (*Aggregation) exprNode()  {}
func (*ScopedVar) exprNode()    {}
func (*ParenExpr) exprNode()    {}
func (*SelectorExpr) exprNode() {}
func (*IndexExpr) exprNode()    {}
func (*CallExpr) exprNode()     {}
func (*UnaryExpr) exprNode()    {}
func (*PostfixExpr) exprNode()  {}
func (*BinaryExpr) exprNode()   {}
func (*AssignExpr) exprNode()   {}
func (*CondExpr) exprNode()     {}
func (*CastExpr) exprNode()     {}
func (*SizeofExpr) exprNode()   {}
func (*StringofExpr) exprNode() {}
func (*OffsetofExpr) exprNode() {}
func (*XlateExpr) exprNode()    {}

// ----------------------------------------------------------------------------
// Types

// TypeSpec is the specifier part of a type: built-in words (unsigned long,
// char, string, void), a typedef name (uint64_t, pid_t), or a struct/union/
// enum reference or definition. Qualifiers (const, volatile, restrict) and
// userland are kept in Quals.
type TypeSpec struct {
	SpecPos token.Pos
	EndPos  token.Pos
	Quals   []token.Token // CONST, VOLATILE, RESTRICT, USERLAND in source order
	// Words is the built-in type words in source order ("unsigned",
	// "long"); for a typedef name it is that one name.
	Words []string
	// Kind is 0 for words/typedef names, or token.STRUCT, token.UNION or
	// token.ENUM.
	Kind token.Token
	// Module is the scope of a scoped type name (mod`name), else "".
	Module string
	// Tag is the struct/union/enum tag; "" for an anonymous definition.
	Tag string
	// Body is true when the struct/union/enum has a { } body here.
	Body        bool
	Members     []*Member     // struct/union members (Body true)
	Enumerators []*Enumerator // enum enumerators (Body true)
	Typedef     bool          // Words[0] is a typedef name, not a keyword
}

func (t *TypeSpec) Pos() token.Pos { return t.SpecPos }
func (t *TypeSpec) End() token.Pos { return t.EndPos }

// Member is a struct/union member declaration: Type followed by
// declarators, each optionally a bit-field.
type Member struct {
	Spec  *TypeSpec
	Decls []*Declarator
	Semi  token.Pos
}

func (m *Member) Pos() token.Pos { return m.Spec.Pos() }
func (m *Member) End() token.Pos { return m.Semi + 1 }

// Enumerator is NAME or NAME = Value inside an enum.
type Enumerator struct {
	Name  *Ident
	Value Expr // nil if implicit
}

func (e *Enumerator) Pos() token.Pos { return e.Name.Pos() }
func (e *Enumerator) End() token.Pos {
	if e.Value != nil {
		return e.Value.End()
	}
	return e.Name.End()
}

// Declarator is the part of a declaration after the specifiers: pointer
// stars, a name (nil in an abstract declarator such as in a cast), array
// dimensions, an optional bit-field width and (in inlines) nothing else.
// For `int *a[4][8]` Ptrs is 1 and Dims has two entries, outermost first.
// Parenthesised and function declarators are not part of D as godtrace
// accepts it.
type Declarator struct {
	StartPos token.Pos
	Ptrs     int
	PtrQuals [][]token.Token // qualifiers after each '*'
	Name     *Ident
	Dims     []*ArrayDim
	BitWidth Expr // ": N" in a struct member, else nil
	EndPos   token.Pos
}

func (d *Declarator) Pos() token.Pos { return d.StartPos }
func (d *Declarator) End() token.Pos { return d.EndPos }

// ArrayDim is one [ ] of a declarator: a fixed size (Size), an
// associative-array key signature (Keys: `[int, string]`), or empty.
type ArrayDim struct {
	Lbrack token.Pos
	Size   Expr
	Keys   []*TypeName
	Rbrack token.Pos
}

func (a *ArrayDim) Pos() token.Pos { return a.Lbrack }
func (a *ArrayDim) End() token.Pos { return a.Rbrack + 1 }

// TypeName is a type in a cast, sizeof, offsetof, xlate or key signature:
// specifiers plus an abstract declarator (stars and array dimensions).
type TypeName struct {
	Spec *TypeSpec
	Decl *Declarator // never nil; Decl.Name is nil
}

func (t *TypeName) Pos() token.Pos { return t.Spec.Pos() }
func (t *TypeName) End() token.Pos {
	if e := t.Decl.End(); e > t.Spec.End() {
		return e
	}
	return t.Spec.End()
}

// ----------------------------------------------------------------------------
// Statements

type (
	// BadStmt stands for a statement that failed to parse.
	BadStmt struct {
		From, To token.Pos
	}

	// ExprStmt is an expression statement; Semi is NoPos when the
	// statement was the last of its block and had no ';'.
	ExprStmt struct {
		X    Expr
		Semi token.Pos
	}

	// EmptyStmt is a lone ';'.
	EmptyStmt struct {
		Semi token.Pos
	}

	// Block is { List }: a clause's action list, or an if/else branch
	// (D has no other braced statements).
	Block struct {
		Lbrace token.Pos
		List   []Stmt
		Rbrace token.Pos
	}

	// IfStmt is if (Cond) Then [else Else]; Else is nil or a Stmt.
	IfStmt struct {
		If     token.Pos
		Cond   Expr
		Rparen token.Pos
		Then   Stmt
		Else   Stmt
	}
)

func (s *BadStmt) Pos() token.Pos   { return s.From }
func (s *ExprStmt) Pos() token.Pos  { return s.X.Pos() }
func (s *EmptyStmt) Pos() token.Pos { return s.Semi }
func (s *Block) Pos() token.Pos     { return s.Lbrace }
func (s *IfStmt) Pos() token.Pos    { return s.If }

func (s *BadStmt) End() token.Pos { return s.To }
func (s *ExprStmt) End() token.Pos {
	if s.Semi.IsValid() {
		return s.Semi + 1
	}
	return s.X.End()
}
func (s *EmptyStmt) End() token.Pos { return s.Semi + 1 }
func (s *Block) End() token.Pos     { return s.Rbrace + 1 }
func (s *IfStmt) End() token.Pos {
	if s.Else != nil {
		return s.Else.End()
	}
	return s.Then.End()
}

func (*BadStmt) stmtNode()   {}
func (*ExprStmt) stmtNode()  {}
func (*EmptyStmt) stmtNode() {}
func (*Block) stmtNode()     {}
func (*IfStmt) stmtNode()    {}

// ----------------------------------------------------------------------------
// Declarations and the remaining program-level nodes

type (
	// BadDecl stands for a declaration that failed to parse.
	BadDecl struct {
		From, To token.Pos
	}

	// VarDecl declares variables: `int x;`, `self string s;`,
	// `this uint64_t t;`, `int a[int, string];`, `extern int k;`.
	// Class is 0, token.SELF, token.THIS, token.EXTERN, token.STATIC,
	// token.REGISTER or token.AUTO. With no declarators it declares only
	// the struct/union/enum type in Spec (`struct s { int a; };`).
	VarDecl struct {
		ClassPos token.Pos // NoPos when Class is 0
		Class    token.Token
		Spec     *TypeSpec
		Decls    []*Declarator
		Semi     token.Pos
	}

	// TypedefDecl is typedef Spec Decls;.
	TypedefDecl struct {
		Typedef token.Pos
		Spec    *TypeSpec
		Decls   []*Declarator
		Semi    token.Pos
	}

	// InlineDecl is inline Spec Decl = Value;.
	InlineDecl struct {
		Inline token.Pos
		Spec   *TypeSpec
		Decl   *Declarator
		Value  Expr
		Semi   token.Pos
	}

	// TranslatorDecl is
	// translator Out < In InName > { member = expr; ... };.
	TranslatorDecl struct {
		Translator token.Pos
		Out        *TypeName
		In         *TypeName
		InName     *Ident
		Members    []*XlatorMember
		Rbrace     token.Pos
		Semi       token.Pos
	}
)

// XlatorMember is one `name = expr;` of a translator.
type XlatorMember struct {
	Name  *Ident
	Value Expr
	Semi  token.Pos
}

func (m *XlatorMember) Pos() token.Pos { return m.Name.Pos() }
func (m *XlatorMember) End() token.Pos { return m.Semi + 1 }

func (d *BadDecl) Pos() token.Pos { return d.From }
func (d *VarDecl) Pos() token.Pos {
	if d.ClassPos.IsValid() && d.ClassPos < d.Spec.Pos() {
		return d.ClassPos // the class may also follow the type: int self x;
	}
	return d.Spec.Pos()
}
func (d *TypedefDecl) Pos() token.Pos {
	if d.Typedef < d.Spec.Pos() {
		return d.Typedef
	}
	return d.Spec.Pos()
}
func (d *InlineDecl) Pos() token.Pos     { return d.Inline }
func (d *TranslatorDecl) Pos() token.Pos { return d.Translator }

func (d *BadDecl) End() token.Pos        { return d.To }
func (d *VarDecl) End() token.Pos        { return d.Semi + 1 }
func (d *TypedefDecl) End() token.Pos    { return d.Semi + 1 }
func (d *InlineDecl) End() token.Pos     { return d.Semi + 1 }
func (d *TranslatorDecl) End() token.Pos { return d.Semi + 1 }

func (*BadDecl) declNode()        {}
func (*VarDecl) declNode()        {}
func (*TypedefDecl) declNode()    {}
func (*InlineDecl) declNode()     {}
func (*TranslatorDecl) declNode() {}

func (p *Pragma) Pos() token.Pos    { return p.Hash }
func (p *Pragma) End() token.Pos    { return p.EndPos }
func (c *Clause) Pos() token.Pos    { return c.Probes[0].Pos() }
func (c *Clause) End() token.Pos    { return c.Body.End() }
func (d *ProbeDesc) Pos() token.Pos { return d.DescPos }
func (d *ProbeDesc) End() token.Pos { return d.DescPos + token.Pos(len(d.Text)) }
