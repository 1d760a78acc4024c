godtrace 1 1 1 1
dtrace:::BEGIN 0

