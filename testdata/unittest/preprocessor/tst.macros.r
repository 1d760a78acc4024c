VALUE 5
MAXVAL 150
ADD 8
STR a "b" c
XSTR 5
no arguments

