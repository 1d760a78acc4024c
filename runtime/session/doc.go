// Package session runs a compiled D program: Load creates the maps and loads the programs
// (a verifier rejection becomes a *LoadError naming the clause, with the verifier log kept
// for -v), Arm attaches every probe concurrently, Run fires BEGIN in the calling thread
// (as DTrace fires BEGIN in the consumer), prints records as they arrive and stops on
// exit(), on ctx's cancellation (SIGINT, SIGTERM, the end of the -c command) or on error;
// it then sets the state word so that no clause but END's runs, fires END, drains the
// ring buffer and returns exit()'s status. Close detaches every link concurrently and frees
// everything; nothing outlives the process.
//
// Drops are reported on the error stream as dtrace(1) does ("godtrace: 3 drops on CPU 1").
package session
