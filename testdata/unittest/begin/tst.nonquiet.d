/* Without -q: the header, one prefixed line per clause firing, empty clauses included. */
BEGIN { trace("hello"); }
BEGIN { exit(0); }
END { trace(42); }
