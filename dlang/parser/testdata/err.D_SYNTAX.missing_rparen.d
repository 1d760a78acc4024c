/* A call left open. */
BEGIN
{
	rand(
}
