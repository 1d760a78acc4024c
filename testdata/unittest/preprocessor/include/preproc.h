/* Included by the tests of this directory (found through -I include). */
#ifndef PREPROC_H
#define PREPROC_H
#define GREETING "hello from preproc.h"
#define SQUARE(x) ((x) * (x))
#include "nested.h"
#endif
