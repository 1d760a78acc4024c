/* -> applied to a struct */
struct teststruct {
	int a;
	int b;
};

struct teststruct xyz;

BEGIN
{
	xyz->a = 1;
}
