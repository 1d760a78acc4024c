close       0      1
write       1      7
read        2    100
open        3      0

  close                                                             0                1
  write                                                             1                7
  read                                                              2              100
  open                                                              3                0

