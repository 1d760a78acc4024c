// This file implements the tables of D's built-in identifiers: variables
// with their D types, and the actions, subroutines and aggregating functions
// with DTrace's prototypes (dt_open.c's _dtrace_globals), plus the
// translated psinfo_t/lwpsinfo_t subset behind curpsinfo and curlwpsinfo.

package types

import (
	"fmt"
	"sort"
	"strings"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/parser"
)

// BuiltinVar is a built-in D variable.
type BuiltinVar struct {
	Name string
	// TypeName is the variable's D type as DTrace declares it. It is
	// resolved when the variable is first used (curthread needs BTF).
	TypeName string
	// Array is set for args[] and uregs[], which are indexed.
	Array bool
	typ   Type // resolved at init when D predefines it
}

// builtinVars are DTrace's built-in variables. walltimestamp is int64_t as
// in dt_open.c (the Guide's table says uint64_t; the implementation rules).
var builtinVars = map[string]*BuiltinVar{}

func init() {
	for _, v := range []BuiltinVar{
		{Name: "arg0", TypeName: "int64_t"},
		{Name: "arg1", TypeName: "int64_t"},
		{Name: "arg2", TypeName: "int64_t"},
		{Name: "arg3", TypeName: "int64_t"},
		{Name: "arg4", TypeName: "int64_t"},
		{Name: "arg5", TypeName: "int64_t"},
		{Name: "arg6", TypeName: "int64_t"},
		{Name: "arg7", TypeName: "int64_t"},
		{Name: "arg8", TypeName: "int64_t"},
		{Name: "arg9", TypeName: "int64_t"},
		{Name: "args", Array: true},
		{Name: "caller", TypeName: "uintptr_t"},
		{Name: "cpu", TypeName: "processorid_t"},
		// curthread is kthread_t * on illumos; on Linux it is the
		// kernel's struct task_struct * (from BTF).
		{Name: "curthread", TypeName: "struct task_struct *"},
		{Name: "curpsinfo", TypeName: "psinfo_t *"},
		{Name: "curlwpsinfo", TypeName: "lwpsinfo_t *"},
		{Name: "epid", TypeName: "uint_t"},
		{Name: "errno", TypeName: "int"},
		{Name: "execname", TypeName: "string"},
		{Name: "gid", TypeName: "gid_t"},
		{Name: "id", TypeName: "uint_t"},
		{Name: "pid", TypeName: "pid_t"},
		{Name: "ppid", TypeName: "pid_t"},
		{Name: "probefunc", TypeName: "string"},
		{Name: "probemod", TypeName: "string"},
		{Name: "probename", TypeName: "string"},
		{Name: "probeprov", TypeName: "string"},
		{Name: "stackdepth", TypeName: "uint32_t"},
		{Name: "tid", TypeName: "id_t"},
		{Name: "timestamp", TypeName: "uint64_t"},
		{Name: "ucaller", TypeName: "uint64_t"},
		{Name: "uid", TypeName: "uid_t"},
		{Name: "uregs", Array: true},
		{Name: "ustackdepth", TypeName: "uint32_t"},
		{Name: "vtimestamp", TypeName: "uint64_t"},
		{Name: "walltimestamp", TypeName: "int64_t"},
	} {
		v := v
		if !v.Array {
			v.typ, _ = ParseType(v.TypeName, nil)
		}
		builtinVars[v.Name] = &v
	}
}

// LookupVar returns the built-in variable of that name, or nil.
func LookupVar(name string) *BuiltinVar { return builtinVars[name] }

// BuiltinVarNames returns the names of all built-in variables, sorted.
func BuiltinVarNames() []string {
	var ns []string
	for n := range builtinVars {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

// FuncKind classifies built-in functions as DTrace does.
type FuncKind int

const (
	// Subroutine is a function with a value (DT_IDENT_FUNC): strlen(),
	// copyinstr(), ... It may appear in any expression.
	Subroutine FuncKind = iota + 1
	// Action is a tracing function (DT_IDENT_ACTFUNC): trace(), printf(),
	// exit(), stack(), ... It is a statement; stack(), ustack(), func() and
	// friends may also be aggregation keys or printf arguments.
	Action
	// Aggregating is an aggregating function (DT_IDENT_AGGFUNC): count(),
	// sum(), quantize(), ... It may only be assigned to an aggregation.
	Aggregating
)

func (k FuncKind) String() string {
	switch k {
	case Subroutine:
		return "function"
	case Action:
		return "tracing function"
	case Aggregating:
		return "aggregating function"
	}
	return "<?>"
}

// Builtin is a built-in function with its DTrace prototype.
type Builtin struct {
	Name  string
	Kind  FuncKind
	Proto string // DTrace's prototype string, e.g. "string(const char *, int, [int])"
	sig   *Signature
}

// Signature is a parsed prototype. A nil parameter type ("@") accepts any
// type. Varargs is the index of "..." (-1 if none); Optargs is the index of
// the first optional parameter ("[T]"; -1 if none).
type Signature struct {
	Result  Type
	Params  []Type
	Varargs int
	Optargs int
	// Names are the parameters' type names for messages, as DTrace
	// prints them: without qualifiers ("const char *" is "char *").
	Names []string
}

// Sig returns the function's parsed prototype. Prototypes naming kernel
// types (d_path's struct path *) resolve them through k each time; the
// others are parsed once, at init, so Sig is safe for concurrent use.
func (b *Builtin) Sig(k KernelTypes) (*Signature, error) {
	if b.sig != nil {
		return b.sig, nil
	}
	s, err := parseProto(b.Proto, k)
	if err != nil {
		return nil, fmt.Errorf("failed to resolve type of %s (%s): %w", b.Name, b.Proto, err)
	}
	return s, nil
}

func parseProto(p string, k KernelTypes) (*Signature, error) {
	open, close := strings.IndexByte(p, '('), strings.LastIndexByte(p, ')')
	if open < 0 || close < open {
		return nil, fmt.Errorf("malformed prototype")
	}
	s := &Signature{Varargs: -1, Optargs: -1}
	switch ret := strings.TrimSpace(p[:open]); ret {
	case "stack":
		s.Result = StackType
	case "_symaddr":
		s.Result = SymAddr
	case "_usymaddr":
		s.Result = USymAddr
	default:
		t, err := ParseType(ret, k)
		if err != nil {
			return nil, err
		}
		s.Result = t
	}
	params := strings.TrimSpace(p[open+1 : close])
	if params == "" {
		return s, nil
	}
	for i, a := range strings.Split(params, ",") {
		a = strings.TrimSpace(a)
		switch {
		case a == "@":
			s.Params = append(s.Params, nil)
			s.Names = append(s.Names, a)
			continue
		case a == "...":
			s.Varargs = i
			s.Params = append(s.Params, nil)
			s.Names = append(s.Names, a)
			continue
		case strings.HasPrefix(a, "[") && strings.HasSuffix(a, "]"):
			if s.Optargs < 0 {
				s.Optargs = i
			}
			a = a[1 : len(a)-1]
		}
		t, err := ParseType(a, k)
		if err != nil {
			return nil, err
		}
		// D ignores qualifiers: messages name "const char *" char *.
		s.Names = append(s.Names, t.String())
		s.Params = append(s.Params, t)
	}
	return s, nil
}

var builtinFuncs = map[string]*Builtin{}

func init() {
	add := func(kind FuncKind, name, proto string) {
		builtinFuncs[name] = &Builtin{Name: name, Kind: kind, Proto: proto}
	}
	S, A, G := Subroutine, Action, Aggregating
	// Aggregating functions.
	add(G, "avg", "void(@)")
	add(G, "count", "void()")
	add(G, "llquantize", "void(@, int32_t, int32_t, int32_t, int32_t, ...)")
	add(G, "lquantize", "void(@, int32_t, int32_t, ...)")
	add(G, "max", "void(@)")
	add(G, "min", "void(@)")
	add(G, "quantize", "void(@, ...)")
	add(G, "stddev", "void(@)")
	add(G, "sum", "void(@)")
	// Actions.
	add(A, "breakpoint", "void()")
	add(A, "chill", "void(int)")
	add(A, "clear", "void(@)")
	add(A, "commit", "void(int)")
	add(A, "denormalize", "void(@)")
	add(A, "discard", "void(int)")
	add(A, "exit", "void(int)")
	add(A, "freopen", "void(@, ...)")
	add(A, "ftruncate", "void()")
	add(A, "func", "_symaddr(uintptr_t)")
	add(A, "jstack", "stack([uint32_t], [uint32_t])")
	add(A, "mod", "_symaddr(uintptr_t)")
	add(A, "normalize", "void(@, [uint64_t])")
	add(A, "panic", "void()")
	add(A, "pcap", "void(void *, int)")
	add(A, "print", "void(@)")
	add(A, "printa", "void(@, ...)")
	add(A, "printf", "void(string, ...)")
	add(A, "raise", "void(int)")
	add(A, "setopt", "void(const char *, [const char *])")
	add(A, "speculate", "void(int)")
	add(A, "stack", "stack([uint32_t])")
	add(A, "stop", "void()")
	add(A, "sym", "_symaddr(uintptr_t)")
	add(A, "system", "void(@, ...)")
	add(A, "trace", "void(@)")
	add(A, "tracemem", "void(@, size_t, [size_t])")
	add(A, "trunc", "void(@, [uint64_t])")
	add(A, "uaddr", "_usymaddr(uintptr_t)")
	add(A, "ufunc", "_usymaddr(uintptr_t)")
	add(A, "umod", "_usymaddr(uintptr_t)")
	add(A, "ustack", "stack([uint32_t], [uint32_t])")
	add(A, "usym", "_usymaddr(uintptr_t)")
	// Subroutines.
	add(S, "alloca", "void *(size_t)")
	add(S, "basename", "string(const char *)")
	add(S, "bcopy", "void(void *, void *, size_t)")
	add(S, "cleanpath", "string(const char *)")
	add(S, "copyin", "void *(uintptr_t, size_t)")
	add(S, "copyinstr", "string(uintptr_t, [size_t])")
	add(S, "copyinto", "void(uintptr_t, size_t, void *)")
	add(S, "copyout", "void(void *, uintptr_t, size_t)")
	add(S, "copyoutstr", "void(char *, uintptr_t, size_t)")
	add(S, "d_path", "string(struct path *)")
	add(S, "dirname", "string(const char *)")
	add(S, "htonl", "uint32_t(uint32_t)")
	add(S, "htonll", "uint64_t(uint64_t)")
	add(S, "htons", "uint16_t(uint16_t)")
	add(S, "index", "int(const char *, const char *, [int])")
	add(S, "inet_ntoa", "string(ipaddr_t *)")
	add(S, "inet_ntoa6", "string(struct in6_addr *)")
	add(S, "inet_ntop", "string(int, void *)")
	add(S, "lltostr", "string(int64_t, [int])")
	add(S, "ntohl", "uint32_t(uint32_t)")
	add(S, "ntohll", "uint64_t(uint64_t)")
	add(S, "ntohs", "uint16_t(uint16_t)")
	add(S, "progenyof", "int(pid_t)")
	add(S, "rand", "int()")
	add(S, "rindex", "int(const char *, const char *, [int])")
	add(S, "speculation", "int()")
	add(S, "strchr", "string(const char *, char)")
	add(S, "strjoin", "string(const char *, const char *)")
	add(S, "strlen", "size_t(const char *)")
	add(S, "strrchr", "string(const char *, char)")
	add(S, "strstr", "string(const char *, const char *)")
	add(S, "strtok", "string(const char *, const char *)")
	add(S, "substr", "string(const char *, int, [int])")
	add(S, "tolower", "string(const char *)")
	add(S, "toupper", "string(const char *)")
	// illumos's strtoll; Linux DTrace's kernel-type subroutines (their
	// prototypes name vmlinux types, resolved from BTF when called).
	add(S, "strtoll", "int64_t(const char *, [int])")
	add(S, "getmajor", "dev_t(dev_t)")
	add(S, "getminor", "dev_t(dev_t)")
	add(S, "link_ntop", "string(int, void *)")
	add(S, "mutex_owned", "int(struct mutex *)")
	add(S, "mutex_owner", "struct task_struct *(struct mutex *)")
	add(S, "mutex_type_adaptive", "int(struct mutex *)")
	add(S, "mutex_type_spin", "int(struct mutex *)")
	add(S, "rw_iswriter", "int(rwlock_t *)")
	add(S, "rw_read_held", "int(rwlock_t *)")
	add(S, "rw_write_held", "int(rwlock_t *)")
	for _, b := range builtinFuncs {
		if s, err := parseProto(b.Proto, nil); err == nil {
			b.sig = s
		}
	}
}

// LookupFunc returns the built-in function of that name, or nil.
func LookupFunc(name string) *Builtin { return builtinFuncs[name] }

// BuiltinFuncNames returns the names of all built-in functions, sorted.
func BuiltinFuncNames() []string {
	var ns []string
	for n := range builtinFuncs {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}

// Translator describes a translated type behind a built-in variable
// (curpsinfo, curlwpsinfo): its D struct, and for each supported member the
// Linux source the value is read from, for the compiler. Members not listed
// are rejected by the checker with D_TYPE_MEMBER (a documented subset).
type Translator struct {
	Name    string // "psinfo_t"
	Struct  *Struct
	Sources map[string]string // member -> Linux source, e.g. "task->tgid"
	// Exprs holds, for the members that can be computed from curthread
	// in D, the D expression that translates them (checked against the
	// running kernel's BTF when used). Members without one (pr_psargs,
	// which needs the process's argument memory) are for the compiler to
	// implement from Sources.
	Exprs map[string]string
}

var translators = map[string]*Translator{}

func init() {
	u := Universe
	pid, uid, gid, id := Predefined("pid_t"), Predefined("uid_t"), Predefined("gid_t"), Predefined("id_t")
	mk := func(tname, sname string, members []struct {
		name string
		t    Type
		src  string
		expr string
	}) {
		var fs []*Field
		var off uint64
		srcs, exprs := map[string]string{}, map[string]string{}
		for _, m := range members {
			sz := m.t.Size()
			if al := alignOf(m.t); off%al != 0 {
				off += al - off%al
			}
			fs = append(fs, &Field{Name: m.name, Type: m.t, Offset: off * 8})
			off += sz
			srcs[m.name] = m.src
			if m.expr != "" {
				exprs[m.name] = m.expr
			}
		}
		if off%8 != 0 {
			off += 8 - off%8
		}
		st := NewStruct(sname, false, off, fs)
		td := &Typedef{Name: tname, Under: st, order: 900}
		u.byName[tname] = td
		u.byName["struct "+sname] = st
		translators[tname] = &Translator{Name: tname, Struct: st, Sources: srcs, Exprs: exprs}
	}
	type m = struct {
		name string
		t    Type
		src  string
		expr string
	}
	mk("psinfo_t", "psinfo", []m{
		{"pr_nlwp", u.Int, "task->signal->nr_threads", "(int)curthread->signal->nr_threads"},
		{"pr_pid", pid, "task->tgid", "(pid_t)curthread->tgid"},
		{"pr_ppid", pid, "task->real_parent->tgid", "(pid_t)curthread->real_parent->tgid"},
		{"pr_pgid", pid, "task->signal->pids[PIDTYPE_PGID]->numbers[0].nr", "(pid_t)curthread->signal->pids[2]->numbers[0].nr"},
		{"pr_sid", pid, "task->signal->pids[PIDTYPE_SID]->numbers[0].nr", "(pid_t)curthread->signal->pids[3]->numbers[0].nr"},
		{"pr_uid", uid, "task->cred->uid.val", "(uid_t)curthread->cred->uid.val"},
		{"pr_euid", uid, "task->cred->euid.val", "(uid_t)curthread->cred->euid.val"},
		{"pr_gid", gid, "task->cred->gid.val", "(gid_t)curthread->cred->gid.val"},
		{"pr_egid", gid, "task->cred->egid.val", "(gid_t)curthread->cred->egid.val"},
		{"pr_addr", Predefined("uintptr_t"), "task (address)", "(uintptr_t)curthread"},
		{"pr_fname", &Array{Elem: u.Char, Len: 16}, "task->comm", "curthread->comm"},
		{"pr_psargs", &Array{Elem: u.Char, Len: 80}, "task->mm->arg_start .. arg_end (user memory), NULs as spaces", ""},
	})
	mk("lwpsinfo_t", "lwpsinfo", []m{
		{"pr_flag", u.Int, "task->flags", "(int)curthread->flags"},
		{"pr_lwpid", id, "task->pid", "(id_t)curthread->pid"},
		{"pr_pri", u.Int, "task->prio", "(int)curthread->prio"},
		{"pr_onpro", Predefined("processorid_t"), "task_cpu(task)", "(processorid_t)curthread->thread_info.cpu"},
	})
}

// LookupTranslator returns the translator behind a translated type name
// ("psinfo_t", "lwpsinfo_t"), or nil.
func LookupTranslator(name string) *Translator { return translators[name] }

func alignOf(t Type) uint64 {
	switch r := Resolve(t).(type) {
	case *Array:
		return alignOf(r.Elem)
	case *Struct:
		return 8
	}
	if s := t.Size(); s > 0 && s <= 8 {
		return s
	}
	return 1
}

// translation parses and checks the D expression of a translated member.
// The expressions are part of godtrace: one that does not check against
// the running kernel is reported at the member access.
func (check *checker) translation(x *ast.SelectorExpr, tr *Translator, f *Field) ast.Expr {
	return check.translationOf(x, tr, f, nil)
}

// translationOf is translation for the task in (an xlate operand), or
// for curthread if in is nil: the member's expression with curthread
// replaced by in, parsed again from in's printed text.
func (check *checker) translationOf(x *ast.SelectorExpr, tr *Translator, f *Field, in ast.Expr) ast.Expr {
	text, ok := tr.Exprs[f.Name]
	if !ok {
		return nil
	}
	key := tr.Name + "." + f.Name
	e, ok := check.xlExprs[key]
	if in != nil {
		text = strings.ReplaceAll(text, "curthread", "("+ast.String(in)+")")
		ok = false
	}
	if !ok {
		opts := &parser.Options{MacroArgs: check.conf.MacroArgs, IsType: func(n string) bool {
			_, user := check.typedefs[n]
			return user || Predefined(n) != nil || in != nil && IsType(check.kernel(), n)
		}}
		prog, err := parser.ParseProbeSpec("BEGIN{trace("+text+");}", opts)
		if err != nil {
			check.errorAt(x, diag.D_XLATE_NOCONV, "translator does not define conversion for member: %s (%v)", f.Name, err)
		}
		e = prog.Clauses[0].Body.List[0].(*ast.ExprStmt).X.(*ast.CallExpr).Args[0]
		if in == nil {
			if check.xlExprs == nil {
				check.xlExprs = map[string]ast.Expr{}
			}
			check.xlExprs[key] = e
		}
	}
	region := check.region
	nerr := len(check.errs)
	failed := check.protect(func() {
		op := check.expr(e, opRef)
		if !Compatible(op.t, f.Type) {
			check.errorAt(e, diag.D_XLATE_INCOMPAT, "translator member %s definition uses incompatible types: \"%s\" = \"%s\"", f.Name, f.Type, op.typeName())
		}
	})
	check.region = region
	if failed {
		msg := check.errs[len(check.errs)-1].Msg
		check.errs = check.errs[:nerr]
		check.errorAt(x, diag.D_XLATE_NOCONV, "translator does not define conversion for member: %s (on this kernel: %s)", f.Name, msg)
	}
	return e
}
