// Package symbols resolves addresses to symbols as DTrace's consumer does for
// %a, %A, stack(), ustack(), sym(), func(), mod() and their user forms: the
// kernel's through /proc/kallsyms, a process's through /proc/PID/maps and the
// symbol tables of the objects it maps (ELF .symtab and .dynsym, and Go's
// .gopclntab for Go binaries, whose function names ELF does not always carry).
// It is pure Go: no BPF, no printing (runtime/format prints what it finds).
//
// [Kallsyms] is the kernel's table ([LoadKallsyms], or [ParseKallsyms] of a
// table in that format): a symbol extends to the next one's address, kernel
// proper symbols carry the module name [KernelModule] ("kernel`vfs_read+0x10"
// as FreeBSD prints them), a loadable module's its own ("ext4`...").
// [Proc] adds user addresses ("io-static`main.main+0x2a"); it reads a
// process's mappings when first asked and again on a miss, and each object's
// symbol table once. User lookups need the process alive, as DTrace needs to
// grab it: the addresses of a process that has exited print raw.
package symbols

// Symbol is the result of a symbol lookup.
type Symbol struct {
	Module string // "kernel", "vmlinux", a module name, or a user object's base name
	Name   string // symbol name; "" when only the module is known
	Offset uint64 // address minus the symbol's start
}
