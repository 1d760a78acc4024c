-- @@stderr --
err.cpp.unterminated.d:3: error: unterminated #if
godtrace: failed to compile script err.cpp.unterminated.d: Preprocessor failed to process input program
