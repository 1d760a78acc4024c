// Line comments: /* does not open a comment here
// and */ does not close one.
BEGIN // trailing
{
	exit(0); // done
}
// no newline at the end