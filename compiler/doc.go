// Package compiler turns a parsed and checked D program into eBPF programs with
// cilium/ebpf's asm package: no clang, no LLVM, no C at run time.
//
// # Output
//
// Compile returns an Object: one Program per enabled probe, running that probe's clauses in
// source order (DTrace's ordering guarantee); the MapSpecs the programs share, by the
// reference name used in their instructions (the session creates them and resolves the
// references); an EPID descriptor per (probe, clause) giving the layout of the record the
// clause writes into the ring buffer (records.go); the aggregations' descriptors (agg.go);
// and flags telling the session which support it must load (Vtime: vtimestamp's
// sched_switch program; Symbols: kernel and user symbol tables for stack() and %a).
//
// # Passes (compile.go)
//
// vars (types and homes of variables), aggs (aggregations and their maps), group (clauses
// by enabled probe), generate (one program per probe), layout (shared map sizes).
//
// # Generated code
//
// Each program saves its context in r6, runs the probe's guard, reads
// bpf_get_current_pid_tgid once when pid, tid or thread-locals are used, loads the per-CPU
// scratch pointer when strings or string keys are used, then for each clause: checks the
// state word (BEGIN's clauses run only in the warm-up, END's only while ending, others
// only while active; exit() stops every later clause), evaluates the predicate before
// touching any map, reserves the clause's record when it has data-recording actions (a
// failed reservation drops the clause and counts a drop on this CPU, as DTrace drops an
// ECB), runs the statements and submits the record. gen.go states the register
// discipline, vars.go where each kind of variable lives, agg.go the aggregation value
// layouts.
//
// Every emitted instruction remembers the D construct it was generated for
// (Program.Construct), so that a verifier rejection names the expression and its line.
//
// # Types
//
// Compile is given the checker's types.Info whole (expression types, folded constants,
// variables, aggregations, members, translations of curpsinfo/curlwpsinfo, user-memory
// accesses). The compiler infers no type and re-checks nothing: it decides where values
// live and emits code, and its own errors are for what it cannot generate yet.
//
// # Errors
//
// Errors are a diag.List of positioned errors (tag D_CG_EXPR for constructs the code
// generator does not support yet). Compile never panics at its caller: an internal error
// is reported as one.
//
// Requires kernel 5.8 (ring buffer), 5.11 (bpf_get_current_task_btf for vtimestamp),
// 6.6 (signed division and modulo: SDIV/SMOD).
package compiler
