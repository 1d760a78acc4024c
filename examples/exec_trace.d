/*
 * exec_trace.d: follow programs as they start and stop: the path each execve(2)
 * asks for, the program that starts (proc:::exec-success) and how each exits.
 */
#pragma D option quiet

syscall::execve:entry
{
	printf("%-6d execve   %s\n", pid, copyinstr(arg0));
}

proc:::exec-success
{
	printf("%-6d started  %s\n", pid, execname);
}

proc:::exit
{
	printf("%-6d exited   %s (%s)\n", pid, execname,
	    args[0] == 1 ? "exited" : args[0] == 2 ? "killed" : "core dumped");
}
