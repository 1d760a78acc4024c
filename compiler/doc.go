// Package compiler turns a parsed (and, where available, checked) D program into eBPF
// programs with cilium/ebpf's asm package: no clang, no LLVM, no C at run time.
//
// # Output
//
// Compile returns an Object: one Program per enabled probe, running that probe's clauses in
// source order (DTrace's ordering guarantee); the MapSpecs the programs share, by the
// reference name used in their instructions; and an EPID descriptor per (probe, clause)
// giving the layout of the record the clause writes into the ring buffer (records.go).
//
// # Generated code
//
// Each program saves its context in r6, runs the probe's guard, loads the per-CPU scratch
// pointer when strings are used, then for each clause: checks the state word (clauses run
// only while the session is active; END's only while it is ending; exit() stops every
// later clause), evaluates the predicate before touching any map, reserves the clause's
// record (a failed reservation drops the clause and counts a drop on this CPU, as DTrace
// drops an ECB), runs the statements and submits the record. See gen.go for the register
// discipline and vars.go for where each kind of variable lives.
//
// # Types
//
// Config.Types carries the checker's expression types; expressions it does not type are
// typed by the compiler's own inference (typeof.go) over literals, built-in variables and
// first assignments.
//
// # Errors
//
// Errors are a diag.List of positioned errors (tag D_CG_EXPR for constructs the code
// generator does not support yet).
//
// Requires kernel 5.8 (ring buffer), 5.11 (bpf_get_current_task_btf for vtimestamp/ppid),
// 6.6 for signed division (SDIV/SMOD).
package compiler
