/* A predicate closed with a [ still open. */
BEGIN
/args[0/
{
	trace(epid);
}
