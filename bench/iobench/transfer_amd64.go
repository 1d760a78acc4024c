// This file declares the amd64 assembly loop (loop_amd64.s).

package iobench

// transferLoop makes count system calls trap(fd, buf, size), stopping at the first that
// fails or transfers other than size bytes: done counts the full transfers, n and errno
// describe the call that stopped the loop. Implemented in loop_amd64.s.
//
//go:noescape
//go:nosplit
func transferLoop(trap, fd, buf, size uintptr, count int64) (done int64, n uintptr, errno uintptr)
