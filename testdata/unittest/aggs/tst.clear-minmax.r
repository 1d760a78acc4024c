a 1
max 10
min -5
a 2
max 3
min 7

