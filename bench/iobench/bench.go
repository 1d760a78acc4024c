// This file implements the benchmark run: buffer, open, preparation, the timed region,
// the report, and the err(3)-style failures with their sysexits(3) statuses.

package iobench

import (
	"math"
	"runtime"
	"strconv"
	"syscall"
	"unsafe"
)

// Exit statuses, from sysexits(3).
const (
	ExitUsage   = 64 // EX_USAGE: bad command line
	ExitNoInput = 66 // EX_NOINPUT: the file cannot be opened
	ExitOSErr   = 71 // EX_OSERR: the buffer cannot be allocated, the clock cannot be read
	ExitIOErr   = 74 // EX_IOERR: a read or write failed or was short
)

// The process's arguments, taken from the runtime as package os takes them, so that the
// benchmark does not import os: os's initialisation makes three fcntl(2) calls of its own
// in every traced run.
//
//go:linkname runtimeArgs os.runtime_args
func runtimeArgs() []string

// LockMain locks the calling goroutine to its thread. The mains call it from init, where
// the main goroutine runs on the process's main thread, so the clock reads, the loop and
// the exit all happen on the thread that exec'd the program.
func LockMain() {
	runtime.LockOSThread()
}

// Main runs the benchmark with the process's arguments and exits the process with its
// status. prog is the program's own name ("io-static" or "io-dynamic") for the usage text.
// It must be called on the main goroutine after LockMain.
func Main(prog string) {
	syscall.Exit(runMain(prog, runtimeArgs()))
}

// runMain runs the benchmark for argv (argv[0] is the program as invoked), writing its report
// to file descriptor 1 and its failures to file descriptor 2, and returns the exit status.
// It changes its thread's state (a private file table, see privateFileTable), so it is
// only for a benchmark process's locked main thread.
func runMain(prog string, argv []string) int {
	cfg, diag, ok := Parse(argv)
	if !ok {
		writeFD(2, diag+Usage(prog))
		return ExitUsage
	}
	b := &bench{cfg: cfg, name: shortName(argv, prog)}
	return b.run()
}

type bench struct {
	cfg  Config
	name string // err(3)'s prefix: the basename of argv[0]
}

// fail prints an err(3)/errx(3)-style message, "name: msg[: strerror]", and returns status.
func (b *bench) fail(status int, msg string, errno syscall.Errno) int {
	return b.failNote(status, msg, errno, "")
}

// failNote is fail with a note after the message, for Linux-only failures.
func (b *bench) failNote(status int, msg string, errno syscall.Errno, note string) int {
	s := b.name + ": " + msg
	if errno != 0 {
		s += ": " + strerror(errno)
	}
	if note != "" {
		s += " (" + note + ")"
	}
	writeFD(2, s+"\n")
	return status
}

func (b *bench) run() int {
	cfg := &b.cfg
	if cfg.TotalSize%cfg.BufferSize != 0 {
		return b.fail(ExitUsage, "FAIL: data size ("+itoa(cfg.TotalSize)+") is not a multiple of buffersize ("+itoa(cfg.BufferSize)+")", 0)
	}
	blockcount := cfg.TotalSize / cfg.BufferSize

	// One zero-filled, page-aligned buffer for every call. The original calloc()s it;
	// mmap gives the alignment O_DIRECT needs on Linux and keeps a large buffer out of
	// the Go heap (no garbage collection is ever triggered by it).
	buf, err := syscall.Mmap(-1, 0, int(cfg.BufferSize), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil || int64(int(cfg.BufferSize)) != cfg.BufferSize {
		return b.fail(ExitOSErr, "FAIL: calloc", errnoOf(err, syscall.ENOMEM))
	}

	privateFileTable()
	var fd int
	if cfg.Create {
		fd, err = syscall.Open(cfg.Path, syscall.O_RDWR|syscall.O_CREAT|syscall.O_TRUNC, 0600)
	} else {
		flags := syscall.O_RDONLY
		if cfg.Write {
			flags = syscall.O_RDWR
		}
		if cfg.Direct {
			flags |= syscall.O_DIRECT
		}
		fd, err = syscall.Open(cfg.Path, flags, 0)
	}
	if err != nil {
		note := ""
		if cfg.Direct && err == syscall.EINVAL {
			note = "-d: O_DIRECT is not supported for this file"
		}
		return b.failNote(ExitNoInput, "FAIL: "+cfg.Path, errnoOf(err, syscall.EIO), note)
	}
	if cfg.Direct {
		if status := b.checkDirect(fd); status != 0 {
			return status
		}
	}

	if !cfg.Bare {
		// Quiesce: flush the file and the file systems, then let things settle. Nothing
		// has been printed yet, so there is no output to flush.
		syscall.Fsync(fd)
		syscall.Fsync(fd)
		syscall.Sync()
		syscall.Sync()
		syscall.Sync()
		sleepOneSecond()
	}

	region = regionState{}
	region.fd = uintptr(fd)
	region.trap = syscall.SYS_READ
	if cfg.Write {
		region.trap = syscall.SYS_WRITE
	}
	region.buf = uintptr(unsafe.Pointer(unsafe.SliceData(buf)))
	region.size = uintptr(cfg.BufferSize)
	region.count = blockcount
	region.fsync = cfg.Sync
	timedRegion()

	op := "read"
	if cfg.Write {
		op = "write"
	}
	switch {
	case region.startErr != 0:
		return b.fail(ExitOSErr, "FAIL: clock_gettime", 0)
	case region.done < blockcount && region.errno != 0:
		note := ""
		if cfg.Direct && region.errno == syscall.EINVAL {
			note = "-d: O_DIRECT refused this transfer's size or alignment"
		}
		return b.failNote(ExitIOErr, "FAIL: "+op, region.errno, note)
	case region.done < blockcount:
		return b.fail(ExitIOErr, "FAIL: partial "+op, 0)
	case region.finishErr != 0:
		return b.fail(ExitOSErr, "FAIL: clock_gettime", 0)
	}

	if !cfg.Quiet {
		writeFD(1, report(cfg, blockcount, region.start, region.finish))
	}
	syscall.Close(fd)
	return 0
}

// report formats the original's output: the -v block, then the rate line.
func report(cfg *Config, blockcount int64, start, finish timespec) string {
	// timespecsub
	sec, nsec := int64(finish.Sec)-int64(start.Sec), int64(finish.Nsec)-int64(start.Nsec)
	if nsec < 0 {
		sec--
		nsec += 1000000000
	}
	var s string
	if cfg.Verbose {
		s = "Benchmark configuration:\n" +
			"  buffersize: " + itoa(cfg.BufferSize) + "\n" +
			"  totalsize: " + itoa(cfg.TotalSize) + "\n" +
			"  blockcount: " + itoa(blockcount) + "\n" +
			"  operation: " + cfg.Operation() + "\n" +
			"  path: " + cfg.Path + "\n" +
			"  time: " + itoa(sec) + "." + pad9(nsec) + "\n"
	}
	return s + rateLine(cfg.TotalSize, sec, nsec)
}

// rateLine is the original's "%.2F KBytes/sec\n" of totalsize / secs / 1024, where secs is
// computed in single precision as io.c does: (float)tv_sec + (float)tv_nsec / 1000000000.
func rateLine(totalsize, sec, nsec int64) string {
	fsecs := float32(sec) + float32(float32(nsec)/1000000000)
	rate := float64(totalsize) / float64(fsecs)
	rate /= 1024
	var num string
	switch {
	case math.IsNaN(rate):
		num = "NAN"
		if math.Signbit(rate) {
			num = "-NAN"
		}
	case math.IsInf(rate, 1):
		num = "INF"
	case math.IsInf(rate, -1):
		num = "-INF"
	default:
		num = strconv.FormatFloat(rate, 'f', 2, 64)
	}
	return num + " KBytes/sec\n"
}

// privateFileTable gives the main thread its own file descriptor table, as a
// single-threaded C program has. The Go runtime's other threads (sysmon and idle Ms) share
// the table otherwise, and Linux then takes a reference on the file and its f_pos_lock on
// every read(2) and write(2) (fdget_pos: the light path needs an unshared table), which costs
// the loop about 100ns per call. The runtime's threads never use the benchmark's files.
func privateFileTable() {
	syscall.RawSyscall(syscall.SYS_UNSHARE, syscall.CLONE_FILES, 0, 0)
}

// oneSecond is sleep(1)'s request: a package variable, so that its address can be passed
// through blockingSyscall as a plain number.
var oneSecond = timespec{Sec: 1}

// sleepOneSecond is the original's sleep(1): glibc makes it clock_nanosleep(CLOCK_REALTIME).
// An interrupted sleep is not resumed, as the original ignores sleep's result.
func sleepOneSecond() {
	// clock_nanosleep takes four arguments; the fourth (remain) is NULL.
	blockingSyscall(syscall.SYS_CLOCK_NANOSLEEP, 0 /* CLOCK_REALTIME */, 0, uintptr(unsafe.Pointer(&oneSecond)))
}

// shortName is err(3)'s program name: glibc's program_invocation_short_name, the part of
// argv[0] after the last slash.
func shortName(argv []string, prog string) string {
	if len(argv) == 0 || argv[0] == "" {
		return prog
	}
	s := argv[0]
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '/' {
			return s[i+1:]
		}
	}
	return s
}

// strerror is glibc's strerror(3) text: Go's table is glibc's with the first letter
// lowered.
func strerror(e syscall.Errno) string {
	s := e.Error()
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		s = string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

func errnoOf(err error, def syscall.Errno) syscall.Errno {
	if e, ok := err.(syscall.Errno); ok && e != 0 {
		return e
	}
	return def
}

func writeFD(fd int, s string) {
	b := []byte(s)
	for len(b) > 0 {
		n, err := syscall.Write(fd, b)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || n <= 0 {
			return
		}
		b = b[n:]
	}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// pad9 is "%09jd".
func pad9(v int64) string {
	if v < 0 {
		return "-" + pad(strconv.FormatInt(-v, 10), 8)
	}
	return pad(strconv.FormatInt(v, 10), 9)
}

func pad(s string, w int) string {
	for len(s) < w {
		s = "0" + s
	}
	return s
}
