longer than 8 0 20
BEGIN 1 10
END 2 0

  a                                                                 1
  abcdefghijklmnop                                                  2
