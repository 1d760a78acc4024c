godtrace: failed to compile script err.D_PRAGERR.error.d: [D_PRAGERR] line 4: #error: not on this system 
