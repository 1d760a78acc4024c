BEGIN
{
	@ = lquantize(1, 0, 10, 1);
}

tick-1s
{
	@ = lquantize(2, 0, 10, 2);
}
