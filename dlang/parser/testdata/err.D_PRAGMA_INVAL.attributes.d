/* A control line is acted on even inside a declaration. */
inline int foo

#pragma D attributes incorrect_attr foo

BEGIN
{
	exit(0);
}
