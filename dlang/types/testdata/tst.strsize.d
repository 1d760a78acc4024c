#pragma D option strsize=512

BEGIN
{
	trace(sizeof(execname));
}
