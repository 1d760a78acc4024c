/*
 * profile_stacks.d: sample io-static 997 times a second on each CPU and count the
 * kernel stacks it was running (L41 Lab 1's profiling exercise).
 */
profile-997
/execname == "io-static"/
{
	@[stack()] = count();
}
