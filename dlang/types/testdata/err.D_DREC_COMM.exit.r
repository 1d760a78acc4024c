dtrace: failed to compile script err.D_DREC_COMM.exit.d: [D_DREC_COMM] line 11: data-recording actions may not follow commit( )
