// Package types implements D's type system and the checking ("cooking")
// pass of the D front end: it assigns a D type to every expression of a
// parsed program, resolves identifiers against D's built-in variables,
// functions and the kernel's types, folds constants as DTrace folds them,
// and reports DTrace's compile-time errors with DTrace's tags and texts.
// It knows nothing of BPF.
//
// # Types
//
// Integers have D's LP64 sizes and signedness: char 1 (signed), short 2,
// int 4, long 8, long long 8, their unsigned forms, and D's predefined
// typedefs int8_t ... uint64_t, intptr_t, uintptr_t, size_t, ssize_t,
// ptrdiff_t, pid_t, id_t (int), uid_t, gid_t (uint_t), processorid_t,
// psetid_t, zoneid_t, taskid_t, projid_t, hrtime_t, ... Typedefs keep their
// names (messages say "uint64_t"); Resolve strips them. Other types: void,
// string (whose size is the strsize option: Info.StrSize, default 256),
// pointers, arrays, structs and unions (Field offsets in bits, anonymous
// members descended by Struct.Field), enums, functions, forward
// declarations, and the special types StackType (stack(), ustack(),
// jstack()), SymAddr (sym(), func(), mod()), USymAddr (usym(), ufunc(),
// umod(), uaddr()) and Dynamic (aggregations, unassigned arrays).
//
// Kernel types (`struct task_struct`, `loff_t`, the type of curthread, a
// probe's `struct file *` argument) come through the KernelTypes interface
// the caller supplies in Config.Kernel: the runtime's implementation
// (runtime/ktypes) converts them from the running kernel's BTF, so that
// this package imports nothing of BPF. The checker asks for them lazily,
// when a script first names a type D does not predefine, uses curthread, or
// a probe argument of kernel type: other scripts never make the runtime read
// the BTF (Info.KernelTypes says whether it was needed). DefineInt,
// DefineTypedef and NewLazyStruct are the constructors such an
// implementation needs beyond the exported type structs; IsType gives the
// parser's Options.IsType over one.
//
// Linux differences: curthread is `struct task_struct *` (on illumos it is
// `kthread_t *`). curpsinfo and curlwpsinfo are psinfo_t * and lwpsinfo_t *
// with a documented subset of members (LookupTranslator gives each
// member's Linux source); other members are D_TYPE_MEMBER errors.
// Translator declarations, `extern` and kernel symbol references (`sym)
// are refused with an error saying so; xlate <psinfo_t *> (task) and
// xlate <lwpsinfo_t *> (task) translate any struct task_struct *, under a
// member access. walltimestamp is int64_t as in DTrace's implementation
// (the Guide's table says uint64_t). The D library's constants that
// scripts use undeclared are predefined: NULL, errno.d's E* and signal.d's
// SIG* with the Linux values; regs.d (R_PC ...) is not.
//
// The translators' member expressions are D text (Translator.Exprs), as
// DTrace's own translators are D source in its library: the checker parses
// each with dlang/parser when it is first used and checks it as the
// program's own code. This is the checker's one use of the parser; the
// dependency stays inside the front end (the parser imports nothing of the
// checker, and neither imports anything of BPF or the runtime), so the
// caller need not know that the translators are written in D. For an xlate
// operand other than curthread the expression is parsed again with the
// operand's text in place of curthread.
//
// # Checking
//
// Check(prog, conf) checks one program; a Checker checks the several
// programs of one dtrace(1) invocation (-n, -P, -s ... in order), each
// seeing the variables, aggregations and declarations of those before it,
// as they share one DTrace handle. Each program is checked as DTrace
// checks it: first what DTrace does while parsing (declarations; undefined macro
// arguments, undefined functions, constant division by zero — the first
// such error stops everything), then each clause in source order: its
// action list, then its predicate; if that fails on a variable used before
// the statement that creates it, the predicate first (dt_cook_clause).
// Variables get their type at their declaration or first assignment and
// keep it; `x++` on a new variable makes it int64_t; aggregations keep one
// aggregating function and one key signature; associative arrays keep
// their key signature. Then the checks DTrace makes while compiling each
// statement (printf formats, trace() of void, stack() sizes, lquantize()
// parameters, functions called out of context) are made, predicate first.
// Within one clause only the first error is reported, as DTrace stops
// there; errors of different clauses are all reported, sorted by position
// (the first is what dtrace(1) would print). Errors are a diag.List; never
// a panic. Region(e) tells whether an error was found in a predicate or an
// action list: for -n probe specifiers dtrace(1) prints "in action list: "
// (or "in predicate: ") where a script's errors have "line N: ".
//
// # Contract with the compiler
//
// The compiler consumes Info; the AST is never modified. For a program
// that checked without error:
//
//   - Types has the type of every expression node of every clause,
//     predicates and declarations included, with one exception: the
//     branch of a ?: whose condition is a constant is absent (DTrace
//     discards it while parsing; emit only the other branch, which
//     Consts[cond] selects). The Fun of a CallExpr has type Dynamic;
//     ParenExpr nodes have the type of their operand.
//
//   - Consts has the value of every constant expression: integer and
//     character literals, integer and string macro arguments, string
//     literals, sizeof, offsetof, inline constants, NULL (DTrace's
//     built-in "inline long NULL = 0"), the D library's errno.d and
//     signal.d constants (EPERM, SIGKILL: int, Linux values; see
//     LibraryInline), and unary, binary,
//     cast and ?: operators over constants (folded exactly as DTrace's
//     dt_node_op1/op2 fold: 64-bit arithmetic, no truncation to the
//     result type except casts and unsigned negation). When an expression
//     is in Consts, emit the constant and do not evaluate its operands.
//     Const.Int holds 64 bits; read it with the signedness of Types[e].
//
//   - Arithmetic: Types of a binary operator is DTrace's result type
//     (Promote: the wider type, unsigned on a tie of width; no promotion
//     to int). DTrace computes in 64-bit registers: values are
//     sign- or zero-extended when loaded (by their type's size and
//     signedness), truncated when stored to a narrower variable, member or
//     key, and converted by casts (truncate, then extend by the cast type's
//     signedness). Comparisons and / % >> are signed when the promoted
//     type of the operands is signed. `==`, `!=`, `<` ... with a string
//     operand compare strings (strcmp); string + integer is pointer
//     arithmetic on the string's bytes.
//
//   - Vars maps each Ident, ScopedVar (self->x, this->x) and IndexExpr
//     naming a program variable or an associative-array element to its
//     Var (Scope, Type, Assoc and Keys, ID in its scope). Globals,
//     ThreadLocals and ClauseLocals list them in creation order. A
//     clause-local variable (this->x) is one variable for the whole
//     program, as in DTrace; its value is per clause firing.
//
//   - Builtins maps each Ident (or MacroArg standing for one) naming a
//     built-in variable to it: pid, tid, execname, timestamp, vtimestamp,
//     curthread, arg0..arg9, probefunc, ... For args[N] the IndexExpr has
//     the probe's argument type in Types and N in Consts[Index[0]];
//     ClauseArgs[clause] is the argument signature of the clause's first
//     probe description, obtained from Config.ProbeArgs.
//
//   - Aggs maps each Aggregation node, and the IndexExpr of @a[keys], to
//     its Agg: Name, Func (the aggregating function, one per aggregation),
//     Keys (the key types), ID (in order of first assignment), LQuant (the
//     constant parameters of lquantize: base, limit, step; of llquantize:
//     factor, low, high, nsteps). An assignment @a[k] = f(x) has the
//     AssignExpr's LHS in Aggs and the call in Calls.
//
//   - Calls maps every CallExpr to its Builtin: Kind (Action, Subroutine,
//     Aggregating), Name, and Sig (the parsed prototype). Actions appear as
//     statements; stack(), ustack(), jstack(), sym(), mod(), func(),
//     usym(), umod(), ufunc() and uaddr() may also be aggregation keys.
//
//   - Formats maps each printf(), printa() with a format, system() and
//     freopen() call to its parsed dlang/printf Format (its conversions
//     validated against the argument types), the value arguments, and for
//     printa the aggregation whose keys the conversions print.
//
//   - Members maps each . and -> to the Field (Offset in bits from the
//     start of the struct, anonymous members descended; BitSize for
//     bit-fields). Kernel struct members of curthread and of typed probe
//     arguments are BTF types: read them with BTF-typed loads or
//     bpf_probe_read_kernel at Offset/8.
//
//   - Translated maps member accesses through curpsinfo/curlwpsinfo to the
//     translator member, its Linux source (e.g. "task->tgid") and, for
//     every member but pr_psargs, Expr: a D expression over curthread
//     that computes it ("(pid_t)curthread->real_parent->tgid"), checked
//     against the running kernel with its nodes typed in this Info: the
//     compiler compiles Expr in place of the member access. The same
//     holds for xlate <psinfo_t *> (E)->member, xlate <lwpsinfo_t> (E).member
//     (E a struct task_struct *, as Linux DTrace's translators take):
//     Input is E (nil when E is curthread) and Expr computes the member
//     from E; pr_psargs of a task other than curthread is refused, and
//     xlate is accepted only under a member access.
//
//   - Identifiers naming enumerators (of D enums, or kernel enum tags
//     compared with a value of their enum) are constants in Consts with
//     the enum's type.
//
//   - Userland pointers: a probe argument spelled "T __user *" (or
//     "userland T *") is a Pointer with User set (IsUser); its type name
//     is "userland T *" as in DTrace. Every dereference, subscript or
//     member access through one is in UserMem (read it with the
//     user-memory helpers), and pointers read there are userland too.
//
//   - TypeNames maps each TypeName (casts, sizeof, offsetof, key
//     signatures) to its type; Inlines maps each identifier naming an
//     inline to its declaration (constant inlines are also in Consts).
//
//   - Decls maps each Declarator of a variable declaration to its Var:
//     the declared type is Var.Type, with the program's own struct,
//     union, enum and typedef names resolved (struct foo, myint_t) —
//     ParseType knows only D's predefined and the kernel's names, so
//     take declared types from here (or from Vars at a use), not by
//     re-resolving the TypeSpec. The Type of a D struct is a *Struct
//     with its Fields and Size laid out as DTrace lays them out (C rules).
package types
