-- @@stderr --
err.cpp.mulelse.d:7: error: #else after #else
err.cpp.mulelse.d:3: error: the conditional began here
godtrace: failed to compile script err.cpp.mulelse.d: Preprocessor failed to process input program
