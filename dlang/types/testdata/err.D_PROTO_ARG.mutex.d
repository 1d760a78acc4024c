/* mutex_type_adaptive() of a void value */
BEGIN
{
	mutex_type_adaptive(trace("x"));
}
