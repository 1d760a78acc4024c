at least 20 sleeps
off-cpu >= sleep + preempt
0 off-cpu firings name the thread itself or no process

