/* Included by preproc.h, beside it. */
#define NESTED 42
