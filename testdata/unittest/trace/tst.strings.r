CPU     ID                    FUNCTION:NAME
  0      1                           :BEGIN  12345678901234567       -1       -1       -1
  0      1                           :BEGIN   abc                                thread                           

