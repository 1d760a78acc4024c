//go:build !amd64

// This file implements the read/write loop in Go for architectures without an assembly
// loop (loop_amd64.s).

package iobench

import "syscall"

// transferLoop makes count system calls trap(fd, buf, size), stopping at the first that
// fails or transfers other than size bytes: done counts the full transfers, n and errno
// describe the call that stopped the loop.
//
//go:nosplit
func transferLoop(trap, fd, buf, size uintptr, count int64) (done int64, n uintptr, errno uintptr) {
	for done = 0; done < count; done++ {
		r, _, e := syscall.RawSyscall(trap, fd, buf, size)
		if e != 0 || r != size {
			return done, r, uintptr(e)
		}
	}
	return done, 0, 0
}
