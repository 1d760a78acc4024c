-- @@stderr --
err.cpp.missing.d:3: fatal error: no-such-header.h: No such file or directory
compilation terminated.
godtrace: failed to compile script err.cpp.missing.d: Preprocessor failed to process input program
