/* Control lines between the parts of a clause and of a declaration. */
inline int LIMIT
#pragma D attributes Evolving/Evolving/Common LIMIT
	= 10;
syscall::read:entry,
#pragma D option quiet
syscall::write:entry
#pragma D option switchrate=10hz
/pid == $target/
{
#pragma D option bufsize=1m
	@[probefunc] = count();
}
