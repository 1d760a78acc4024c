/* fbt and args[] scripts, casts, ternaries, self-increment predicates. */
fbt::vn_read:entry,
fbt:kernel:uiomove:entry
/execname == "io-static" && self->i++ < 10/
{
	this->uio = (struct uio *)arg0;
	@bytes[probefunc] = sum(this->uio->uio_resid);
	printf("%s: %d %s\n", probefunc, tid, self->i > 5 ? "late" : "early");
	trace(curthread->td_proc->p_pid);
}

fbt::tcp_do_segment:entry
{
	this->th = (struct tcphdr *)args[1];
	this->tp = args[3];
	printf("%u %u\n", ntohs(this->th->th_sport), htons(this->th->th_dport));
	trace(this->tp->t_state);
	@states[this->tp->t_state] = count();
}

syscall::execve:return
{
	printf("%s %s\n", stringof(curpsinfo->pr_psargs), copyinstr(arg0));
	x = (uint64_t)(int)arg1 + sizeof(struct timespec) + (long long)-1;
	y = curthread->real_parent->tgid;
	z = (unsigned char)arg2 << 8 | 0xff & ~0;
}

io:::start
{
	@[args[0]->b_bcount < 4096 ? "small" : "large"] = count();
}
