-- @@stderr --
err.cpp.define.d:3: error: no macro name given in #define directive
godtrace: failed to compile script err.cpp.define.d: Preprocessor failed to process input program
