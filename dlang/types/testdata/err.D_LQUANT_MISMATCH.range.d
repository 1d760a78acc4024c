/* upper bound must exceed lower bound */
BEGIN
{
	@ = lquantize(1, 10, 0, 1);
}
