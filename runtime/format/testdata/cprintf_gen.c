/*
 * Generator of testdata/cprintf.golden.gz: the C library's own output for the
 * integer, string and floating-point conversions runtime/format emulates.
 * Regenerate with:
 *   cc -o /tmp/gen testdata/cprintf_gen.c && /tmp/gen | gzip -9n > testdata/cprintf.golden.gz
 * Each line is: format<TAB>kind<TAB>value<TAB>output (output between | |).
 * %s with the '0' flag is left out: glibc pads it with spaces where the BSD
 * and illumos libraries (DTrace's) pad with zeros.
 */
#include <stdio.h>
#include <string.h>
#include <stdint.h>

static const char *flagsets[] = { "", "-", "+", " ", "#", "0", "-0", "+0", "#0", "- ", "+ ", "#-" };
static const char *widths[] = { "", "1", "5", "12" };
static const char *precs[] = { "", ".1", ".3", ".8" };

int
main(void)
{
	long long ivals[] = { 0, 1, -1, 42, -42, 255, 65536, 123456789, -987654321,
	    9223372036854775807LL, (-9223372036854775807LL - 1) };
	double fvals[] = { 0.0, 1.0, -1.5, 3.14159265358979, 1234567.891, 0.000123456,
	    1e-10, 6.02e23, 100000.0, 999999.5 };
	const char *svals[] = { "", "a", "hello", "hello, world" };
	const char *iverbs = "diouxX";
	const char *fverbs = "eEfgG";
	char fmt[64], out[256];
	size_t f, w, p, v;
	const char *c;

	for (f = 0; f < sizeof (flagsets) / sizeof (flagsets[0]); f++)
	for (w = 0; w < sizeof (widths) / sizeof (widths[0]); w++)
	for (p = 0; p < sizeof (precs) / sizeof (precs[0]); p++) {
		for (c = iverbs; *c; c++) {
			for (v = 0; v < sizeof (ivals) / sizeof (ivals[0]); v++) {
				snprintf(fmt, sizeof (fmt), "%%%s%s%sll%c",
				    flagsets[f], widths[w], precs[p], *c);
				snprintf(out, sizeof (out), fmt, ivals[v]);
				printf("%s\ti\t%lld\t|%s|\n", fmt, ivals[v], out);
			}
		}
		for (c = fverbs; *c; c++) {
			for (v = 0; v < sizeof (fvals) / sizeof (fvals[0]); v++) {
				snprintf(fmt, sizeof (fmt), "%%%s%s%s%c",
				    flagsets[f], widths[w], precs[p], *c);
				snprintf(out, sizeof (out), fmt, fvals[v]);
				printf("%s\tf\t%.17g\t|%s|\n", fmt, fvals[v], out);
			}
		}
		if (strchr(flagsets[f], '0') == NULL) {
			for (v = 0; v < sizeof (svals) / sizeof (svals[0]); v++) {
				snprintf(fmt, sizeof (fmt), "%%%s%s%ss",
				    flagsets[f], widths[w], precs[p]);
				snprintf(out, sizeof (out), fmt, svals[v]);
				printf("%s\ts\t%s\t|%s|\n", fmt, svals[v], out);
			}
		}
	}
	return (0);
}
