/* @@runtest-opts: -q */
/*
 * llquantize(value, factor, low, high, steps): below factor^low, then per order of
 * magnitude steps buckets (fewer in the first ones), then >= factor^(high+1).
 */
BEGIN
{
	@l = llquantize(0, 10, 0, 2, 10);
	@l = llquantize(1, 10, 0, 2, 10);
	@l = llquantize(5, 10, 0, 2, 10);
	@l = llquantize(5, 10, 0, 2, 10);
	@l = llquantize(15, 10, 0, 2, 10);
	@l = llquantize(99, 10, 0, 2, 10);
	@l = llquantize(250, 10, 0, 2, 10);
	@l = llquantize(999, 10, 0, 2, 10);
	@l = llquantize(1000, 10, 0, 2, 10);
	@l = llquantize(123456, 10, 0, 2, 10, 4);
	@m = llquantize(1, 2, 1, 4, 4);
	@m = llquantize(3, 2, 1, 4, 4);
	@m = llquantize(17, 2, 1, 4, 4);
	@m = llquantize(40, 2, 1, 4, 4);
	exit(0);
}
