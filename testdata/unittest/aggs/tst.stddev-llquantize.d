/* @@runtest-opts: -q */
/* stddev() of 2 4 4 4 5 5 7 9 is 2; llquantize(v, 10, 0, 3, 10) buckets 5, 55, 5000. */
BEGIN
{
	@sd = stddev(2);
	@sd = stddev(4);
	@sd = stddev(4);
	@sd = stddev(4);
	@sd = stddev(5);
	@sd = stddev(5);
	@sd = stddev(7);
	@sd = stddev(9);
	@ll = llquantize(5, 10, 0, 3, 10);
	@ll = llquantize(55, 10, 0, 3, 10);
	@ll = llquantize(5000, 10, 0, 3, 10);
	exit(0);
}
