/* @@runtest-opts: -q */
/* BEGIN's clauses run in source order; exit() stops the later ones; END runs after. */
BEGIN { printf("begin 1\n"); }
BEGIN { printf("begin 2\n"); exit(0); printf("after exit, same clause\n"); }
BEGIN { printf("not reached\n"); }
END { printf("end\n"); }
