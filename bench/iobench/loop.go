// This file implements the timed region: the two clock_gettime system calls and the
// read/write loop between them, run as one stretch of raw system calls.

package iobench

import (
	"syscall"
	"unsafe"
)

// Go's runtime lets packages outside the standard library bracket system calls with these
// (they are exported for x/sys and gVisor; see go.dev/issue/67401). Package syscall does the
// same around each single call; the benchmark does it once around its whole timed region.
// entersyscallblock is the variant for a call known to block: it hands the goroutine's P
// back at once rather than leaving it for sysmon to retake after 10ms.
//
//go:linkname entersyscallblock runtime.entersyscallblock
func entersyscallblock()

//go:linkname exitsyscall runtime.exitsyscall
func exitsyscall()

// timespec is the platform's struct timespec.
type timespec = syscall.Timespec

// region holds the timed region's inputs and results. It is a package variable holding no
// Go pointers, so timedRegion's frame holds none either: while the goroutine is marked as
// in a system call the garbage collector may scan its stack concurrently.
var region regionState

// regionState is the type of region.
type regionState struct {
	fd, trap, buf, size uintptr // trap is SYS_READ or SYS_WRITE
	count               int64
	fsync               bool

	start, finish timespec
	startErr      syscall.Errno // clock_gettime failure before the loop
	finishErr     syscall.Errno // clock_gettime failure after the loop
	done          int64         // calls that transferred exactly size bytes
	n             uintptr       // the failing call's return value
	errno         syscall.Errno // the failing call's errno (0 for a partial transfer)
}

// sigurgMask is a sigset_t holding SIGURG, the Go runtime's preemption signal.
var sigurgMask uint64 = 1 << (syscall.SIGURG - 1)

// timedRegion reads the clock, runs the loop, calls fsync if asked, and reads the clock
// again, with no other system call in between. A failing read/write stops the loop before
// the second clock read, as the original's err() exits there.
//
// The whole region runs between entersyscallblock and exitsyscall: the Go scheduler sees
// one long, blocking system call, so it does not try to preempt the goroutine, and with
// every P idle its sysmon thread goes to sleep on a futex instead of polling every 20-40µs
// on the other CPU (that polling cost the C-vs-Go comparison 5-20% of bandwidth at most
// buffer size). Everything called here must be nosplit and must not allocate: only
// syscall.RawSyscall and transferLoop (nosplit; assembly underneath on amd64).
//
// One preemption can still be on its way when the region starts: sysmon preempts a
// goroutine whose P has run 10ms without rescheduling, and it judges that from ticks it
// last sampled before a long system call (the one-second sleep) or a slow start. Its
// SIGURG would then be handled, rt_sigreturn and all, inside the timed region, so SIGURG
// alone is blocked (rt_sigprocmask) just outside the two clock reads; a pending one is
// delivered after the second. Other signals (SIGINT) are not blocked.
//
//go:nosplit
//go:noinline
func timedRegion() {
	r := &region
	entersyscallblock()
	var old uint64
	syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, 0 /* SIG_BLOCK */, uintptr(unsafe.Pointer(&sigurgMask)), uintptr(unsafe.Pointer(&old)), 8, 0, 0)
	if _, _, e := syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, 0 /* CLOCK_REALTIME */, uintptr(unsafe.Pointer(&r.start)), 0); e != 0 {
		r.startErr = e
	} else {
		var n, e uintptr
		r.done, n, e = transferLoop(r.trap, r.fd, r.buf, r.size, r.count)
		r.n, r.errno = n, syscall.Errno(e)
		if r.done == r.count {
			if r.fsync {
				syscall.RawSyscall(syscall.SYS_FSYNC, r.fd, 0, 0)
			}
			if _, _, e := syscall.RawSyscall(syscall.SYS_CLOCK_GETTIME, 0 /* CLOCK_REALTIME */, uintptr(unsafe.Pointer(&r.finish)), 0); e != 0 {
				r.finishErr = e
			}
		}
	}
	syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, 2 /* SIG_SETMASK */, uintptr(unsafe.Pointer(&old)), 0, 8, 0, 0)
	exitsyscall()
}

// blockingSyscall makes a system call known to block for long (the one-second sleep)
// between entersyscallblock and exitsyscall, as timedRegion does, so that sysmon sleeps
// through it instead of polling. (Short calls such as fsync and sync go through package
// syscall: handing the P off and back costs futex calls that polling for a few
// microseconds does not.) Pointer arguments must point outside the Go heap or at
// package variables. Its result is ignored, as the original ignores these calls' results.
//
//go:nosplit
//go:noinline
func blockingSyscall(trap, a1, a2, a3 uintptr) {
	entersyscallblock()
	syscall.RawSyscall(trap, a1, a2, a3)
	exitsyscall()
}
