/* @@runtest-opts: -q */
/* quantize() and lquantize() buckets, printed at exit in DTrace's layout. */
BEGIN
{
	@q = quantize(0);
	@q = quantize(1);
	@q = quantize(5);
	@q = quantize(5);
	@q = quantize(-2);
	@l = lquantize(3, 0, 10, 2);
	@l = lquantize(-1, 0, 10, 2);
	@l = lquantize(12, 0, 10, 2);
	@l = lquantize(4, 0, 10, 2, 3);
	exit(0);
}
