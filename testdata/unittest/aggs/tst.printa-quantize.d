/* @@runtest-opts: -q */
/*
 * printa() of a keyed quantize(), without a format (a blank line, then per key its
 * name and table) and with one (%@d stands for the table).
 */
BEGIN
{
	@q["big"] = quantize(1000);
	@q["big"] = quantize(1000);
	@q["small"] = quantize(3);
	printa(@q);
	printa("key %s:%@d\n", @q);
	exit(0);
}
