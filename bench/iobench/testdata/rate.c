/*
 * Oracle for the benchmark's rate line: reads "totalsize sec nsec" lines and prints the
 * rate exactly as io.c computes and prints it (seconds in single precision, "%.2F").
 * Used by TestRateLineOracle.
 */
#include <stdio.h>

int
main(void)
{
	long totalsize, sec, nsec;
	double secs, rate;

	while (scanf("%ld %ld %ld", &totalsize, &sec, &nsec) == 3) {
		secs = (float)sec + (float)nsec / 1000000000;
		rate = totalsize / secs;
		rate /= (1024);
		printf("%.2F KBytes/sec\n", rate);
	}
	return (0);
}
