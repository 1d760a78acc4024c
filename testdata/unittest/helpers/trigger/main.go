// Command trigger makes known system calls for godtrace's end-to-end tests, so that a
// test script can check probe arguments, return values and errno against known values.
//
//	trigger openat-enoent   openat(AT_FDCWD, "/nonexistent/godtrace", O_RDONLY|O_NOFOLLOW): ENOENT
//	trigger write N         write(fd of /dev/null, buf, N)
//	trigger exit N          exit with status N
//	trigger getppid N       N getppid(2) calls, as fast as possible
package main

import (
	"os"
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
	case "exit":
		n, _ := strconv.Atoi(os.Args[2])
		os.Exit(n)
	}
}
