-- @@stderr --
godtrace: failed to compile script err.D_SYNTAX.inheader.d: [D_SYNTAX] "include/broken.h", line 4: syntax error near ";"
