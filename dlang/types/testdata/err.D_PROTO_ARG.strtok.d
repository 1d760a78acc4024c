/* a delimiter that is not a string */
BEGIN
{
	strtok("abc", 1234);
}
