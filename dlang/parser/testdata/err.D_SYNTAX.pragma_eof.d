/* A control line cut by the end of the file. */
inline int foo = 0;
#pragma