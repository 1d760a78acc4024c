// Package record is what the compiler and the runtime share: the contract
// between the programs godtrace compiles and the consumer that reads what
// they write. It is a leaf: it imports nothing of the front end's parser or
// checker, of the compiler or of the runtime, so that each side can depend
// on it without depending on the other.
//
// # Aggregations
//
// [Func] names the aggregating functions. The bucket layouts of quantize()
// ([QuantizeBuckets] buckets, [QuantizeBucket] of a value, zero at
// [QuantizeZeroBucket]), lquantize() ([LQuantizeLevels]+2 buckets,
// [LQuantizeBucket]) and llquantize() ([LLQuantizeBuckets],
// [LLQuantizeBucket]) are DTrace's (dtrace_aggregate_*quantize): the
// compiler emits the bucket computation, the runtime prints the buckets it
// reads back with the bounds these functions give.
//
// # print()
//
// [PType] describes a type as print() lays out a value of it: what DTrace
// reads from CTF, built by the compiler from the checker's types (the
// kernel's come from BTF) and used by the runtime's printer.
//
// # Maps
//
// Clause programs refer to the maps the runtime creates by name. The record
// ring buffer ([RingMapName], [RingMapSpec]: a BPF ring buffer of DTrace's
// bufsize, rounded up to a power of two of at least a page) carries every
// record; the drop counters ([DropMapName], [DropMapSpec]: one array
// element holding a uint64 per possible CPU, so that code addresses its
// CPU's slot directly, without a stack key) count the records the ring had
// no room for; the vtimestamp offsets ([VtimeMapName]: one array element of
// [VtimeStride] bytes per possible CPU, the first 8 of them ktime minus the
// scheduler's run-queue clock as last measured there) are written by the
// runtime's support programs and read by the code vtimestamp compiles to.
//
// # The current task
//
// [TaskLayout] gives the byte offsets in the running kernel's struct
// task_struct of the members the built-in variables read (ppid,
// vtimestamp). The runtime reads them from BTF at start-up; the compiler
// takes them as data and never hard-codes one.
package record
