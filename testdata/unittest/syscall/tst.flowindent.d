/* @@runtest-opts: -F -c "$bin/trigger write 7" */
/* -F: entries and returns of system calls flow-indented with => and <=. */
syscall::write:entry,
syscall::write:return
/pid == $target/
{
}
