/*
 * Declarations: typedefs, structs, unions, enums, inlines, typed
 * variables of the three scopes, associative arrays with key signatures,
 * and casts to kernel types.
 */
typedef struct pair {
	int a;
	char b;
	long c;
	unsigned int flag : 1;
	unsigned int rest : 31;
} pair_t;

union u {
	int i;
	char c[8];
};

enum state { IDLE, RUNNING = 4, DONE };

inline int TEN = 5 + 5;
inline string NAME = "godtrace";
inline uint64_t BIG = 1ull << 40;

pair_t p;
union u un;
int counts[int, string];
self uint64_t start;
this int tmp;
int arr[16];
string names[int];
enum state st;

BEGIN
{
	p.a = TEN;
	p.b = 'x';
	p.c = BIG;
	p.flag = 1;
	un.i = 3;
	counts[1, "a"] = 2;
	counts[2, NAME] += 1;
	self->start = timestamp;
	this->tmp = p.a + un.i;
	arr[3] = 4;
	names[pid] = execname;
	st = RUNNING;
	trace(sizeof(pair_t));
	trace(sizeof(p));
	trace(offsetof(pair_t, c));
	trace(st == DONE);
	trace(arr[3] + counts[1, "a"]);
	trace(((struct file *)arg0)->f_pos);
	trace(((struct task_struct *)curthread)->pid);
	trace((loff_t)arg1);
	trace(un.c[0]);
}
