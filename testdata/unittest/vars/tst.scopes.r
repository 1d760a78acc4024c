1 2 3 4 str tls
0 0 []
0
13 2
eq ne

