dtrace: failed to compile script err.D_COMM_COMM.twice.d: [D_COMM_COMM] line 4: commit( ) may not follow commit( )
