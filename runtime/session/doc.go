// Package session runs a compiled D program.
//
// Load creates the maps (and, when the object asks for them, vtimestamp's support program
// and the symbol tables), resolves the programs' map references and loads every program;
// a verifier rejection is a *LoadError naming the clause and the D construct, which keeps
// cilium's *ebpf.VerifierError (and its log, for -v) reachable with errors.As. Arm
// attaches every probe concurrently; BEGIN and END are fired by the session itself with
// BPF_PROG_TEST_RUN in the calling thread, as DTrace fires them in the consumer.
//
// Run fires BEGIN (in the warm-up state, when no other probe runs), makes every probe live,
// calls Hooks.Armed (the caller reports the matched probes and starts the -c command), and
// prints records as they arrive through a Printer (RecordPrinter lays them out as
// dtrace(1) with runtime/format), until exit(), ctx's cancellation (SIGINT, SIGTERM, the
// end of the traced command) or an error. It then calls Hooks.Stopping, sets the state
// word so that no clause but END's runs, fires END, drains the ring buffer and returns
// exit()'s status. The aggregation actions (printa, clear, trunc, normalize, denormalize)
// are carried out on snapshots of the per-CPU maps when their record is read;
// PrintAggregations prints what printa has not printed, as dtrace(1) does at exit.
//
// Close detaches every link concurrently and frees programs and maps; nothing outlives the
// process. Drops are reported on the error stream as dtrace(1) does
// ("godtrace: 3 drops on CPU 1").
package session
