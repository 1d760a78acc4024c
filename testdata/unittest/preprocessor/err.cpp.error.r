-- @@stderr --
err.cpp.error.d:4: error: #error REQUIRED must be defined (use -D REQUIRED)
godtrace: failed to compile script err.cpp.error.d: Preprocessor failed to process input program
