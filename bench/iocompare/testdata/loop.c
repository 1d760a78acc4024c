/*
 * The C side of the io-static comparison: the benchmark's timed region and nothing else.
 * Usage: loop r|w buffersize totalsize path. Opens path (O_RDONLY for r, O_RDWR for w,
 * neither creating nor truncating), takes a page-aligned zero-filled buffer from mmap (as
 * io-static does), reads the clock with a real clock_gettime(CLOCK_REALTIME) system call
 * (as io-static does; glibc's clock_gettime would use the vDSO), issues
 * totalsize/buffersize read() or write() calls of buffersize bytes, reads the clock again,
 * and prints the elapsed time as "sec.nsec". Exit status 1 on any failure.
 */
#include <sys/mman.h>
#include <sys/syscall.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct timespec start, finish;
	long buffersize, totalsize, blockcount, i;
	ssize_t len;
	char *buf;
	int fd, wflag;

	if (argc != 5)
		return (1);
	wflag = argv[1][0] == 'w';
	buffersize = strtol(argv[2], NULL, 10);
	totalsize = strtol(argv[3], NULL, 10);
	if (buffersize <= 0 || totalsize % buffersize != 0)
		return (1);
	blockcount = totalsize / buffersize;
	buf = mmap(NULL, buffersize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return (1);
	fd = open(argv[4], wflag ? O_RDWR : O_RDONLY);
	if (fd < 0)
		return (1);

	if (syscall(SYS_clock_gettime, CLOCK_REALTIME, &start) < 0)
		return (1);
	for (i = 0; i < blockcount; i++) {
		if (wflag)
			len = write(fd, buf, buffersize);
		else
			len = read(fd, buf, buffersize);
		if (len != buffersize)
			return (1);
	}
	if (syscall(SYS_clock_gettime, CLOCK_REALTIME, &finish) < 0)
		return (1);

	finish.tv_sec -= start.tv_sec;
	finish.tv_nsec -= start.tv_nsec;
	if (finish.tv_nsec < 0) {
		finish.tv_sec--;
		finish.tv_nsec += 1000000000;
	}
	printf("%jd.%09jd\n", (intmax_t)finish.tv_sec, (intmax_t)finish.tv_nsec);
	close(fd);
	return (0);
}
