#!/usr/sbin/dtrace -s
#pragma D option quiet

int g;
self int s;
inline int LIMIT = 10;
typedef unsigned long ulong_alias;
struct point {
	int x;
	int y;
};
enum color { RED, GREEN = 5, BLUE };
struct point pt;

BEGIN
{
	x = 1;
	y = "str";
	z = x + 2;
	g = LIMIT;
	self->s = 4;
	this->t = timestamp;
	pt.x = GREEN;
	u = (ulong_alias)z;
	self->targetPid = -1;
}

syscall::read:entry
{
	self->ts = timestamp;
	self->i++;
	self->buf = args[1];
	self->len = args[2];
}

syscall::read:entry
/execname == "dd" && pid != 0 && self->i < 100/
{
	@c[probefunc] = count();
	@s = sum(arg2);
	@q["x", pid] = quantize(arg2);
	@l = lquantize(arg2, 0, 100, 10);
	@ll = llquantize(arg2, 10, 0, 6, 20);
	@m[execname] = max(arg2);
	@avg = avg(arg2);
	@sd = stddev(arg2);
}

syscall::read:return
/self->ts/
{
	@t = avg(timestamp - self->ts);
	self->ts = 0;
}

tick-1sec
{
	printa(@c);
	printa("%s %@d\n", @c);
	printa("%-10s %@8u\n", @m);
	printf("%d %s %u\n", x, y, z);
	trace(curthread->real_parent->tgid);
	trace(curthread->comm);
	printf("%s\n", stringof(curthread->comm));
	trace(curpsinfo->pr_pid);
	printf("%d\n", g + LIMIT);
	exit(0);
}

END
{
	printf("%Y\n", walltimestamp);
	trace(strlen(execname));
	trace(substr(execname, 1, 2));
	printf("%d %s\n", $1, $$2);
	trace(sizeof(int) + sizeof(struct point) + offsetof(struct point, y));
	trace(ntohs(htons(1)));
	trace(stringof(pid));
	trace(copyinstr(arg0));
	trace(strjoin("a", "b"));
	trace(index("abc", "b"));
	trace(lltostr(12));
	trace(basename("/a/b"));
	trace(rand() % 10);
	normalize(@s, 10);
	denormalize(@s);
	clear(@c);
	trunc(@q, 5);
	trunc(@q);
	@k[stack()] = count();
	@u[ustack(5)] = count();
	@f[func(caller)] = count();
	printf("%a %p\n", arg0, arg1);
	printf("%*d|%-*.*s\n", 5, 1, 6, 2, "abc");
	printf("%c%c\n", 'a', 'b');
	printf("%llx %lld\n", timestamp, walltimestamp);
	system("echo %d", pid);
	tracemem(arg0, 16);
	setopt("quiet");
	raise(9);
	stop();
	print(x);
}

profile-997
{
	@p[stack()] = count();
	a[1, "x"] = 2;
	b = a[1, "y"] + 1;
	x = pid > 0 ? 1 : 2;
	y = x ? "a" : "b";
	z = -1;
	z += 3;
	z <<= 1;
	w = ~0;
	if (x > 1) {
		trace(x);
	} else if (x == 0)
		trace(y);
	else {
	}
	s = execname;
	t = s == "bash" || s != "zsh" || s < "a";
	self->arr[pid, tid] = timestamp;
	trace(self->arr[pid, tid]);
	c = y[0];
	p = (char *)arg0;
	q = p + 1;
	d = q - p;
	trace(pt.y);
	trace(curthread->se.sum_exec_runtime);
	trace((*curthread).pid);
	trace(sizeof(pt));
}
