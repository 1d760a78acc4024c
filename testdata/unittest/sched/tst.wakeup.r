at least 10 wakeups
0 with the wrong pid

