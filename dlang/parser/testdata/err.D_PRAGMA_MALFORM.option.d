#pragma D option quiet bufsize=4m
BEGIN
{
}
