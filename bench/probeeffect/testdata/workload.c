/* This file implements the probe-effect workload: N calls of read(fd, buf, 1) on /dev/zero,
 * pinned to one CPU, timed with clock_gettime around the loop only: CLOCK_MONOTONIC (wall)
 * and CLOCK_THREAD_CPUTIME_ID (this thread's CPU time, user + system, which includes the
 * eBPF programs the read's tracepoints run and excludes time other tasks ran on the CPU).
 *
 * usage: workload N CPU RESULTFILE [gate]
 * With "gate" it prints its pid on stdout and waits for one byte on stdin before the loop,
 * so a tracer can be armed for exactly this pid first. It writes "N WALL_NS CPU_NS\n" to
 * RESULTFILE when the loop is done. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: workload N CPU RESULTFILE [gate]\n");
		return 2;
	}
	long n = atol(argv[1]);
	int cpu = atoi(argv[2]);
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof set, &set) != 0) {
		perror("workload: sched_setaffinity");
		return 1;
	}
	int fd = open("/dev/zero", O_RDONLY);
	if (fd < 0) {
		perror("workload: open /dev/zero");
		return 1;
	}
	if (argc > 4 && strcmp(argv[4], "gate") == 0) {
		char c;
		printf("%d\n", (int)getpid());
		fflush(stdout);
		if (read(0, &c, 1) != 1)
			return 1;
	}
	char buf[1];
	struct timespec t0, t1, c0, c1;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < n; i++) {
		if (read(fd, buf, 1) != 1) {
			perror("workload: read");
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
	long long ns = (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
	long long cpuns = (long long)(c1.tv_sec - c0.tv_sec) * 1000000000LL + (c1.tv_nsec - c0.tv_nsec);
	FILE *f = fopen(argv[3], "w");
	if (f == NULL) {
		perror("workload: result file");
		return 1;
	}
	fprintf(f, "%ld %lld %lld\n", n, ns, cpuns);
	return fclose(f) == 0 ? 0 : 1;
}
