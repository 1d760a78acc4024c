/* an inline named as a subroutine */
inline int rand = 7;
