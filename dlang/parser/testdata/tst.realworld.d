#!/usr/sbin/dtrace -s
/* Constructs seen in published DTrace tool scripts. */
#pragma D option quiet
#pragma D option defaultargs
#pragma D option switchrate=10hz

inline int MIN_MS = 10;
inline uintptr_t sp0 = *(uintptr_t *)copyin(uregs[R_SP] + 1 * sizeof (uintptr_t), sizeof (uintptr_t));

dtrace:::BEGIN
{
	state[-1] = "CLOSED";
	state[0] = "ESTABLISHED";
	min_ns = $1 * 1000000;
}

pid$1::*dispatch_command*:entry,
pid$1::my_read:entry
/self->in_query/
{
	self->start = timestamp;
}

io:::done
/this->ts = ts[arg0]/
{
	this->hdr = (ipha_t *)args[1]->b_rptr;
	this->s = state[args[0]->tcp_state] != NULL ? state[args[0]->tcp_state] : "<unknown>";
	this->dir = probefunc == "zfs_read" ? "R" : probefunc == "zfs_write" ? "W" : "D";
	printf("%-20Y %s %s %d\n", walltimestamp, this->s, inet_ntoa(&this->hdr->ipha_src),
	    ntohs(args[0]->tcp_connp->u_port.connu_ports.connu_fport));
	self->path = self->path != NULL ? stringof(self->path) : "<null>";
	ts[arg0] = 0;
}

profile:::tick-15m { exit(0); }
