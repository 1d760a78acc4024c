/* @@runtest-opts: -q */
/* Variables of every scope: global, thread-local, clause-local, associative arrays. */
int g;
self int later;
self string slater;

BEGIN
{
	g = 1;
	self->t = 2;
	this->c = 3;
	a[1, "x"] = 4;
	s = "str";
	self->s = "tls";
	printf("%d %d %d %d %s %s\n", g, self->t, this->c, a[1, "x"], s, self->s);
	printf("%d %d [%s]\n", a[2, "x"], self->later, self->slater);
	self->t = 0;
	printf("%d\n", self->t);
	g += 10;
	g++;
	++g;
	printf("%d %d\n", g, g-- - --g);
	printf("%s %s\n", s == "str" ? "eq" : "ne", s != self->s ? "ne" : "eq");
	exit(0);
}
