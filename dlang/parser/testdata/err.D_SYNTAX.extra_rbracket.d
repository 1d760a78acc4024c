/* An extra ] in an action. */
BEGIN
{
	trace(args[0]]);
}
