__SUNW_D 1
__SUNW_D_VERSION 0x0100d000
__SUNW_D_64
__linux __linux__ __unix __SVR4 __Linux
__STDC__ 0

