// Package types implements D's type system and the checking ("cooking")
// pass of the D front end: it assigns a D type to every expression of a
// parsed program, resolves identifiers against D's built-in variables,
// functions and the kernel's types, folds constants, and reports DTrace's
// compile-time errors with DTrace's tags and message texts.
//
// The type model: integers with D's LP64 sizes and signedness (char 1,
// short 2, int 4, long 8, long long 8, their unsigned forms, and D's
// predefined typedefs int8_t ... uint64_t, intptr_t, uintptr_t, size_t,
// ssize_t, pid_t, id_t, uid_t, gid_t, processorid_t, psetid_t, zoneid_t,
// taskid_t, projid_t ...), void, string, pointers, arrays, structs, unions,
// enums and typedefs. Kernel types (`struct task_struct`, `loff_t`, the
// type of curthread) come from the running kernel's BTF through
// github.com/cilium/ebpf/btf; the BTF is read lazily, only when a script
// names a kernel type or uses curthread, so other scripts pay nothing.
//
// Linux differences: curthread is `struct task_struct *` (on illumos it is
// `kthread_t *`). curpsinfo and curlwpsinfo are psinfo_t * and lwpsinfo_t *
// over a documented subset of members (see LookupTranslator); other members
// are rejected with D_TYPE_MEMBER.
package types
