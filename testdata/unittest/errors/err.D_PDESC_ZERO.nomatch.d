/* @@runtest-opts: -x errtags */
syscall::nosuchsyscall:entry
{
}
