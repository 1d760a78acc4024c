// Command trigger makes known system calls for godtrace's end-to-end tests, so that a
// test script can check probe arguments, return values and errno against known values.
//
//	trigger openat-enoent   openat(AT_FDCWD, "/nonexistent/godtrace", O_RDONLY|O_NOFOLLOW): ENOENT
//	trigger write N         write(fd of /dev/null, buf, N)
//	trigger exit N          exit with status N
//	trigger getppid N       N getppid(2) calls, as fast as possible
//	trigger nanosleep N     N nanosleep(2) calls of 1 ms each, in the main thread
//	trigger pipe N          the main thread reads a pipe N times, blocking each time until
//	                        another thread writes a byte (5 ms after the previous one)
//	trigger cputime N       N clock_gettime(CLOCK_THREAD_CPUTIME_ID) system calls (not the
//	                        vDSO), with some computing between them, each result printed
//	                        as "T <ns>" on stdout
package main

import (
	"os"
	"runtime"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
)

func main() {
	if len(os.Args) < 2 {
		os.Exit(2)
	}
	switch os.Args[1] {
	case "openat-enoent":
		p, _ := unix.BytePtrFromString("/nonexistent/godtrace")
		dirfd := unix.AT_FDCWD
		unix.Syscall6(unix.SYS_OPENAT, uintptr(dirfd), uintptr(unsafe.Pointer(p)),
			uintptr(unix.O_RDONLY|unix.O_NOFOLLOW), 0, 0, 0)
	case "write":
		n, _ := strconv.Atoi(os.Args[2])
		fd, err := unix.Open("/dev/null", unix.O_WRONLY, 0)
		if err != nil {
			os.Exit(1)
		}
		buf := make([]byte, n)
		unix.Write(fd, buf)
	case "getppid":
		n, _ := strconv.Atoi(os.Args[2])
		for i := 0; i < n; i++ {
			unix.Getppid()
		}
	case "cputime":
		runtime.LockOSThread()
		n, _ := strconv.Atoi(os.Args[2])
		sink := 0
		var out []byte
		for i := 0; i < n; i++ {
			for j := 0; j < 200000*(i+1); j++ {
				sink += j ^ i
			}
			var ts unix.Timespec
			unix.Syscall(unix.SYS_CLOCK_GETTIME, unix.CLOCK_THREAD_CPUTIME_ID, uintptr(unsafe.Pointer(&ts)), 0)
			out = strconv.AppendInt(append(out, "T "...), ts.Nano(), 10)
			out = append(out, '\n')
		}
		if sink == 42 {
			out = append(out, '\n')
		}
		os.Stdout.Write(out)
	case "exit":
		n, _ := strconv.Atoi(os.Args[2])
		os.Exit(n)
	case "nanosleep":
		runtime.LockOSThread() // the main goroutine stays on the main thread (tid == pid)
		n, _ := strconv.Atoi(os.Args[2])
		for i := 0; i < n; i++ {
			unix.Nanosleep(&unix.Timespec{Nsec: 1e6}, nil)
		}
	case "pipe":
		runtime.LockOSThread()
		n, _ := strconv.Atoi(os.Args[2])
		var fds [2]int
		if err := unix.Pipe(fds[:]); err != nil {
			os.Exit(1)
		}
		go func() {
			runtime.LockOSThread()
			for i := 0; i < n; i++ {
				unix.Nanosleep(&unix.Timespec{Nsec: 5e6}, nil)
				unix.Write(fds[1], []byte{'x'})
			}
		}()
		buf := make([]byte, 1)
		for i := 0; i < n; i++ {
			unix.Read(fds[0], buf)
		}
	}
}
