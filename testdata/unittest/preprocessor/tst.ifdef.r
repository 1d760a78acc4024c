FLAG is defined
GONE is not defined
defined() and short-circuit evaluation
#elif

