/* @@runtest-opts: -x errtags */
BEGIN
{
	exit();
}
