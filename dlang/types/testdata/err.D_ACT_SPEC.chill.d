#pragma D option destructive
BEGIN
{
	speculate(1);
	chill(10);
}
