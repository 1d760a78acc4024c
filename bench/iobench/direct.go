// This file implements -d's alignment check: O_DIRECT on Linux needs every transfer to be a
// multiple of the device's logical block size, so a misaligned buffersize is refused before
// the benchmark starts instead of failing the first read or write with EINVAL.

package iobench

import (
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// DirectAlignment returns the transfer-size alignment O_DIRECT needs for the open file fd
// and where it came from, or 0 when it cannot be found:
//
//   - a block device: its logical block size (ioctl BLKSSZGET);
//   - a file: the logical block size of the device holding it,
//     /sys/dev/block/MAJ:MIN/queue/logical_block_size (a partition's queue is its disk's);
//   - otherwise (a file system without a block device, such as tmpfs, overlayfs or NFS):
//     the kernel's own answer for the file, statx(2) STATX_DIOALIGN (Linux 6.1).
func DirectAlignment(fd int) (align int64, source string) {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return 0, ""
	}
	if st.Mode&unix.S_IFMT == unix.S_IFBLK {
		if n, err := unix.IoctlGetInt(fd, unix.BLKSSZGET); err == nil && n > 0 {
			return int64(n), "the device's logical block size"
		}
	}
	if st.Mode&unix.S_IFMT == unix.S_IFREG || st.Mode&unix.S_IFMT == unix.S_IFDIR {
		dir := "/sys/dev/block/" + strconv.FormatUint(uint64(unix.Major(st.Dev)), 10) + ":" +
			strconv.FormatUint(uint64(unix.Minor(st.Dev)), 10)
		for _, p := range []string{dir + "/queue/logical_block_size", dir + "/../queue/logical_block_size"} {
			if n := readSysfsInt(p); n > 0 {
				return n, "the logical block size of the device holding it"
			}
		}
	}
	var stx unix.Statx_t
	if err := unix.Statx(fd, "", unix.AT_EMPTY_PATH, unix.STATX_DIOALIGN, &stx); err == nil &&
		stx.Mask&unix.STATX_DIOALIGN != 0 && stx.Dio_offset_align > 0 {
		return int64(stx.Dio_offset_align), "its file system's O_DIRECT alignment"
	}
	return 0, ""
}

// checkDirect refuses a buffersize that O_DIRECT cannot transfer on fd (exit 64), and
// returns 0 when the run can go on.
func (b *bench) checkDirect(fd int) int {
	align, source := DirectAlignment(fd)
	if align <= 0 || b.cfg.BufferSize%align == 0 {
		return 0
	}
	return b.fail(ExitUsage, "FAIL: -d: buffersize ("+itoa(b.cfg.BufferSize)+") is not a multiple of "+
		b.cfg.Path+"'s O_DIRECT block size ("+itoa(align)+", "+source+")", 0)
}

// readSysfsInt reads a decimal number from a sysfs attribute, or returns 0.
func readSysfsInt(path string) int64 {
	fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return 0
	}
	defer syscall.Close(fd)
	var buf [32]byte
	n, err := syscall.Read(fd, buf[:])
	if err != nil || n <= 0 {
		return 0
	}
	v, rest := strtol(string(buf[:n]))
	if rest != "" && rest != "\n" {
		return 0
	}
	return v
}
