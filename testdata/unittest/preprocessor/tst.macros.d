/* @@runtest-opts: -C */
/* Object- and function-like macros, # stringizing, ## pasting, variadic macros. */
#pragma D option quiet

#define VALUE 5
#define MAXVAL 10 * 15
#define ADD(a, b) ((a) + (b))
#define STR(x) #x
#define XSTR(x) STR(x)
#define CAT(a, b) a ## b
#define SHOW(fmt, ...) printf(fmt, ## __VA_ARGS__)
#define PRED(p) /p/
#define PROBE BEGIN

PROBE
PRED(VALUE > 2)
{
	SHOW("VALUE %d\n", VALUE);
	SHOW("MAXVAL %d\n", MAXVAL);
	SHOW("ADD %d\n", ADD(VALUE, ADD(1, 2)));
	SHOW("STR %s\n", STR(a  "b"   c));
	SHOW("XSTR %s\n", XSTR(VALUE));
	CAT(ex, it)(0);
	SHOW("no arguments\n");
}
