line 7

