hello from preproc.h 49 42

