#pragma weak foo
#pragma ident "@(#)ignored"
#ident "x"
#pragma D option quiet
# 3 "foo.d"
#line 5
#
BEGIN
{
	exit(0);
}
