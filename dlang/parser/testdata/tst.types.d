/* Type names in declarations, casts and sizeof. */
const char *p;
int *const q;
struct foo *a[4];
volatile unsigned long long v;
enum { A, B, };
struct { int a; } s;
union u;
self int x[int, string];

BEGIN
{
	x = sizeof(int [4]);
	y = (const char *)arg0;
	z = (struct foo **)0;
	w = (a, b);
	f(a, (b, c));
	self->x[1, "a"]++;
	this->y[a][b] = 1;
	@b = max(-1);
	n = (unsigned char)'\377' + (signed short)-1 + (long long)0;
}
