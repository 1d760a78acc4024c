dtrace: failed to compile script err.D_REGS_IDX.neg.d: [D_REGS_IDX] line 3: index -1 is out of range for array uregs
