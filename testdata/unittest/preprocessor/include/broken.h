/* A header with a D syntax error on its line 4. */
#define BROKEN 1

inline int broken = ;
