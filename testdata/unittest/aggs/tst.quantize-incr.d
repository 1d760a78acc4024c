/* @@runtest-opts: -q */
/*
 * quantize(value, incr) and lquantize(value, low, high[, step[, incr]]): the increment
 * (negative ones included) is added to the bucket; step defaults to 1.
 */
BEGIN
{
	@q = quantize(5, 3);
	@q = quantize(5, 4);
	@q = quantize(100, 10);
	@q = quantize(100, -4);
	@l = lquantize(2, 0, 5);
	@l = lquantize(2, 0, 5);
	@l = lquantize(4, 0, 5, 1, 5);
	@l = lquantize(-3, 0, 5);
	@l = lquantize(9, 0, 5);
	exit(0);
}
