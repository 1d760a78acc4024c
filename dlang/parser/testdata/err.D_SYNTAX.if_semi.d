/* An if branch that is not a block needs its semicolon. */
BEGIN
{
	if (x)
		y = 1
}
