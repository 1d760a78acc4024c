/* @@runtest-opts: -q */
/*
 * The print at exit of every function with keys: each aggregation in order of first
 * appearance, records by value then key, values as dt_print_aggs prints them.
 */
BEGIN
{
	@count["x"] = count();
	@sum["x"] = sum(-7);
	@sum["y"] = sum(3);
	@min["x"] = min(4);
	@min["x"] = min(-4);
	@max["x"] = max(4);
	@max["x"] = max(-4);
	@avg["x"] = avg(7);
	@avg["x"] = avg(8);
	@stddev["x"] = stddev(2);
	@stddev["x"] = stddev(4);
	@lq["x"] = lquantize(3, 0, 4, 2);
	exit(0);
}
