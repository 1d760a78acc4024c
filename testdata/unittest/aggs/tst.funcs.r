c y 1
c x 2
s 1 a 3
s 2 b 10
mn -3
mx 7
av 3

