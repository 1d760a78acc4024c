/* @@runtest-opts: -q -C -D VALUE=3 -DFLAG -D "F(x)=((x)+(x))" -U __unix -x define=PROBE=BEGIN -x undef=__SVR4 */
/* -D and -U (and -x define, -x undef) define and undefine macros before the script is read. */
PROBE
{
#if defined(FLAG) && FLAG == 1 && !defined(__unix) && !defined(__SVR4)
	printf("%d %d\n", VALUE, F(VALUE));
#endif
	exit(0);
}
