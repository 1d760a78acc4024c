top3 three 3
top3 four 4
top3 five 5
bottom2 three 3
bottom2 four 4
again four 4
again six 6
again one 10
again three 13

