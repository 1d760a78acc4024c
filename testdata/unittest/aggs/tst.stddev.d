/* @@runtest-opts: -q */
/*
 * stddev(): sqrt(avg(x^2) - avg(x)^2) in integer arithmetic, from the merged count, sum
 * and 128-bit sum of squares. 1, 2, 3, 4, 10: avg 4, avg of squares 26, stddev
 * sqrt(10) = 3. -5, 5: 5. -(2^40), 2^40: the squares need 81 bits; stddev 2^40.
 */
BEGIN
{
	@sd = stddev(1);
	@sd = stddev(2);
	@sd = stddev(3);
	@sd = stddev(4);
	@sd = stddev(10);
	@k["a"] = stddev(-5);
	@k["a"] = stddev(5);
	@k["b"] = stddev(7);
	@big = stddev(-(1 << 40));
	@big = stddev(1 << 40);
	printa("sd %@d\n", @sd);
	printa("%s %@d\n", @k);
	exit(0);
}
