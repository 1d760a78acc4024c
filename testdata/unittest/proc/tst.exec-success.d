/* @@runtest-opts: -q -c "$bin/trigger exit 0" */
proc:::exec-success
/pid == $target/
{
	printf("%s\n", execname);
}
