/* Declarations of every kind. */
typedef struct sample {
	int a;
	char name[16];
	uint64_t *next;
	unsigned int flags : 4;
} sample_t;

enum colour { RED, GREEN = 4, BLUE };
union word { int i; char c[4]; };
inline int LIMIT = 100;
inline string GREETING = "hello";
this int tmp;
self string who;
int counts[string, int];
sample_t s;
extern int k;

translator struct xout < struct xin *P > {
	x_a = P->a;
	x_b = P->b + 1;
};

BEGIN
{
	counts["x", 1] = LIMIT;
	this->tmp = sizeof(sample_t) + offsetof(sample_t, flags);
	self->who = GREETING;
	s.a = 1;
	if (s.a == 1) {
		trace(s.a);
	} else if (s.a == 2)
		trace(2);
	else
		trace(3);
	if (s.a)
		;
	else {
		trace(RED)
	}
	;
}
