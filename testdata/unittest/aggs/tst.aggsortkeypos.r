0 x 1
3 x 1
2 y 1
1 z 1

