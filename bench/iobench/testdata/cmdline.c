/*
 * Oracle for the benchmark's command line: io.c's option handling (getopt(3) over
 * "Bb:cdqrst:vw", strtol(3) for -b/-t, the mode and create-mode checks), compiled against
 * the machine's libc. It prints "usage" or the parsed configuration on stdout; getopt's
 * own diagnostics go to stderr. Used by TestCommandLineOracle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int
usage(void)
{
	printf("usage\n");
	return (64);
}

int
main(int argc, char *argv[])
{
	int B = 0, c = 0, d = 0, q = 0, r = 0, s = 0, v = 0, w = 0, ch;
	long b = 16384, t = 16777216;
	char *endp;

	while ((ch = getopt(argc, argv, "Bb:cdqrst:vw")) != -1) {
		switch (ch) {
		case 'B': B++; break;
		case 'c': c++; break;
		case 'd': d++; break;
		case 'q': q++; break;
		case 'r': r++; break;
		case 's': s++; break;
		case 'v': v++; break;
		case 'w': w++; break;
		case 'b':
			b = strtol(optarg, &endp, 10);
			if (*optarg == '\0' || *endp != '\0' || b <= 0)
				return (usage());
			break;
		case 't':
			t = strtol(optarg, &endp, 10);
			if (*optarg == '\0' || *endp != '\0' || t <= 0)
				return (usage());
			break;
		default:
			return (usage());
		}
	}
	if (c + r + w != 1)
		return (usage());
	if (c && (B || d || q || r || s || v))
		return (usage());
	if (c) {
		B = 1;
		v = 1;
		w = 1;
	}
	argc -= optind;
	argv += optind;
	if (argc != 1)
		return (usage());
	printf("B=%d c=%d d=%d q=%d r=%d s=%d v=%d w=%d b=%ld t=%ld path=%s\n",
	    B != 0, c != 0, d != 0, q != 0, r != 0, s != 0, v != 0, w != 0, b, t, argv[0]);
	return (0);
}
