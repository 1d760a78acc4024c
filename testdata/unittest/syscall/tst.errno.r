entry -100 20000
return 1 errno 2

