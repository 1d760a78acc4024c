// This file implements the Token kinds of D and their spellings.

package token

import "strconv"

// Token is the kind of a lexical token of D.
type Token int

// The tokens of D. Operators follow ANSI C plus D's "^^" (logical xor).
const (
	ILLEGAL Token = iota
	EOF

	literalBeg
	IDENT  // main, self is a keyword: see SELF
	INT    // 123, 0x7f, 017, 10ul
	CHAR   // 'a', '\n', 'ab'
	STRING // "abc"
	AGG    // @name or @ (literal is the whole text, "@" included)
	MACRO  // $1, $target, $$1 (literal is the whole text)
	PSPEC  // probe description at clause start: syscall::read:entry
	PRAGMA // a whole "#pragma ..." or "# N file" control line, '#' included
	literalEnd

	EPRED // the '/' that ends a predicate (followed by '{', ';', '/' or EOF)

	operatorBeg
	ADD // +
	SUB // -
	MUL // *
	QUO // /
	REM // %

	AND // &
	OR  // |
	XOR // ^
	SHL // <<
	SHR // >>

	ADD_ASSIGN // +=
	SUB_ASSIGN // -=
	MUL_ASSIGN // *=
	QUO_ASSIGN // /=
	REM_ASSIGN // %=
	AND_ASSIGN // &=
	OR_ASSIGN  // |=
	XOR_ASSIGN // ^=
	SHL_ASSIGN // <<=
	SHR_ASSIGN // >>=

	LAND // &&
	LOR  // ||
	LXOR // ^^
	INC  // ++
	DEC  // --

	EQL    // ==
	LSS    // <
	GTR    // >
	ASSIGN // =
	NOT    // !
	TILDE  // ~
	NEQ    // !=
	LEQ    // <=
	GEQ    // >=

	LPAREN   // (
	LBRACK   // [
	LBRACE   // {
	COMMA    // ,
	PERIOD   // .
	ARROW    // ->
	RPAREN   // )
	RBRACK   // ]
	RBRACE   // }
	SEMI     // ;
	COLON    // :
	QUEST    // ?
	ELLIPSIS // ...
	BACKQ    // ` (scoping operator, as in `curthread)
	operatorEnd

	keywordBeg
	AUTO
	BREAK
	CASE
	CHAR_KW // char
	CONST
	CONTINUE
	COUNTER
	DEFAULT
	DO
	DOUBLE
	ELSE
	ENUM
	EXTERN
	FLOAT
	FOR
	GOTO
	IF
	IMPORT
	INLINE
	INT_KW // int
	LONG
	OFFSETOF
	PROBE
	PROVIDER
	REGISTER
	RESTRICT
	RETURN
	SELF
	SHORT
	SIGNED
	SIZEOF
	STATIC
	STRING_KW // string
	STRINGOF
	STRUCT
	SWITCH
	THIS
	TRANSLATOR
	TYPEDEF
	UNION
	UNSIGNED
	USERLAND
	VOID
	VOLATILE
	WHILE
	XLATE
	keywordEnd
)

var tokens = [...]string{
	ILLEGAL: "ILLEGAL",
	EOF:     "EOF",
	IDENT:   "IDENT",
	INT:     "INT",
	CHAR:    "CHAR",
	STRING:  "STRING",
	AGG:     "AGG",
	MACRO:   "MACRO",
	PSPEC:   "PSPEC",
	PRAGMA:  "PRAGMA",
	EPRED:   "/",

	ADD: "+", SUB: "-", MUL: "*", QUO: "/", REM: "%",
	AND: "&", OR: "|", XOR: "^", SHL: "<<", SHR: ">>",
	ADD_ASSIGN: "+=", SUB_ASSIGN: "-=", MUL_ASSIGN: "*=", QUO_ASSIGN: "/=", REM_ASSIGN: "%=",
	AND_ASSIGN: "&=", OR_ASSIGN: "|=", XOR_ASSIGN: "^=", SHL_ASSIGN: "<<=", SHR_ASSIGN: ">>=",
	LAND: "&&", LOR: "||", LXOR: "^^", INC: "++", DEC: "--",
	EQL: "==", LSS: "<", GTR: ">", ASSIGN: "=", NOT: "!", TILDE: "~",
	NEQ: "!=", LEQ: "<=", GEQ: ">=",
	LPAREN: "(", LBRACK: "[", LBRACE: "{", COMMA: ",", PERIOD: ".", ARROW: "->",
	RPAREN: ")", RBRACK: "]", RBRACE: "}", SEMI: ";", COLON: ":", QUEST: "?",
	ELLIPSIS: "...", BACKQ: "`",

	AUTO: "auto", BREAK: "break", CASE: "case", CHAR_KW: "char", CONST: "const",
	CONTINUE: "continue", COUNTER: "counter", DEFAULT: "default", DO: "do",
	DOUBLE: "double", ELSE: "else", ENUM: "enum", EXTERN: "extern", FLOAT: "float",
	FOR: "for", GOTO: "goto", IF: "if", IMPORT: "import", INLINE: "inline",
	INT_KW: "int", LONG: "long", OFFSETOF: "offsetof", PROBE: "probe",
	PROVIDER: "provider", REGISTER: "register", RESTRICT: "restrict",
	RETURN: "return", SELF: "self", SHORT: "short", SIGNED: "signed",
	SIZEOF: "sizeof", STATIC: "static", STRING_KW: "string", STRINGOF: "stringof",
	STRUCT: "struct", SWITCH: "switch", THIS: "this", TRANSLATOR: "translator",
	TYPEDEF: "typedef", UNION: "union", UNSIGNED: "unsigned", USERLAND: "userland",
	VOID: "void", VOLATILE: "volatile", WHILE: "while", XLATE: "xlate",
}

// String returns the operator or keyword spelling of tok, or its name
// (IDENT, INT, ...) for the other kinds.
func (tok Token) String() string {
	if 0 <= tok && int(tok) < len(tokens) && tokens[tok] != "" {
		return tokens[tok]
	}
	return "token(" + strconv.Itoa(int(tok)) + ")"
}

// IsLiteral reports whether tok is an identifier or literal kind.
func (tok Token) IsLiteral() bool { return literalBeg < tok && tok < literalEnd }

// IsOperator reports whether tok is an operator or delimiter.
func (tok Token) IsOperator() bool { return operatorBeg < tok && tok < operatorEnd }

// IsKeyword reports whether tok is a keyword.
func (tok Token) IsKeyword() bool { return keywordBeg < tok && tok < keywordEnd }

// IsAssignOp reports whether tok is "=" or a compound assignment operator.
func (tok Token) IsAssignOp() bool {
	return tok == ASSIGN || (ADD_ASSIGN <= tok && tok <= SHR_ASSIGN)
}

// IsTypeKeyword reports whether tok starts or continues a built-in type
// specifier (char, int, long, unsigned, string, struct ...).
func (tok Token) IsTypeKeyword() bool {
	switch tok {
	case CHAR_KW, SHORT, INT_KW, LONG, SIGNED, UNSIGNED, FLOAT, DOUBLE, VOID,
		STRING_KW, STRUCT, UNION, ENUM, CONST, VOLATILE, RESTRICT, USERLAND:
		return true
	}
	return false
}

var keywords map[string]Token

func init() {
	keywords = make(map[string]Token, keywordEnd-keywordBeg)
	for i := keywordBeg + 1; i < keywordEnd; i++ {
		keywords[tokens[i]] = i
	}
}

// Lookup maps an identifier to its keyword token, or IDENT.
func Lookup(ident string) Token {
	if tok, ok := keywords[ident]; ok {
		return tok
	}
	return IDENT
}

// Precedence levels of the binary operators, lowest first, as in D (and
// ANSI C): || ^^ && | ^ & equality relational shift additive multiplicative.
// Assignment, ?: and the comma operator are handled by the parser.
const (
	LowestPrec  = 0
	UnaryPrec   = 12
	HighestPrec = 13
)

// Precedence returns the binary precedence of op, or LowestPrec if op is
// not a binary operator.
func (op Token) Precedence() int {
	switch op {
	case LOR:
		return 1
	case LXOR:
		return 2
	case LAND:
		return 3
	case OR:
		return 4
	case XOR:
		return 5
	case AND:
		return 6
	case EQL, NEQ:
		return 7
	case LSS, LEQ, GTR, GEQ:
		return 8
	case SHL, SHR:
		return 9
	case ADD, SUB:
		return 10
	case MUL, QUO, REM:
		return 11
	}
	return LowestPrec
}
