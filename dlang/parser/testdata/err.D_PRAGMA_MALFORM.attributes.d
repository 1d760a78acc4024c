#pragma D attributes incorrect_attr

BEGIN
{
	exit(0);
}
