-- @@stderr --
godtrace: failed to compile script err.D_SYNTAX.lineother.d: [D_SYNTAX] "other.d", line 20: syntax error near ";"
