CPU     ID                    FUNCTION:NAME
  0      1                           :BEGIN   65 65534       -3                4  five                             

