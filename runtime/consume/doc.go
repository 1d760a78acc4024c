// Package consume is godtrace's consumer side of the data path: the BPF ring
// buffer that clause programs write records into, the drop counters they
// bump when the ring is full, and a reader handing records to the session.
//
// # Record format
//
// A record is a leading native-endian uint32 record id (the compiler's
// enabled-probe/record-description number) followed by the record's bytes.
// [Reader.Run] calls the handler once per record, in ring order (the ring is
// one ordered stream across CPUs, in reservation order).
//
// # Maps and emitted code
//
// [RingMapSpec] and [DropMapSpec] describe the two maps; clause programs
// refer to them by the symbols [RingMapName] and [DropMapName]. The drop
// counters are one array element with a uint64 slot per possible CPU, so that
// code can address them directly (no stack key): [EmitDrop] emits the
// increment of the current CPU's slot, [EmitOutput] emits a
// bpf_ringbuf_output of a buffer followed by EmitDrop when it fails. Both
// clobber R0–R5 and nothing else.
//
// # Drops
//
// DTrace reports lost records per CPU on stderr, as they are noticed, as
// "dtrace: N drops on CPU M" ("1 drop on CPU M" when N is 1; see
// dt_handle_cpudrop in libdtrace). [Reader.Run] checks the counters every
// Options.DropInterval and once more when it ends, and calls Options.OnDrop
// with the increase per CPU; [DropMessage] renders the text after the
// program-name prefix.
//
// # Stopping
//
// [Reader.Stop] makes Run return once it has handed over every record
// already in the ring (the session detaches the probes first, then stops
// the reader, so nothing is lost). [Reader.Close] frees the reader.
//
// Requires kernel 5.8 (BPF ring buffer).
package consume
