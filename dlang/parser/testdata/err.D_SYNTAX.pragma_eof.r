godtrace: failed to compile script err.D_SYNTAX.pragma_eof.d: [D_SYNTAX] line 3: end-of-file encountered before end of control line
