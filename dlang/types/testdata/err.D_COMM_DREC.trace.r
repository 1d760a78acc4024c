dtrace: failed to compile script err.D_COMM_DREC.trace.d: [D_COMM_DREC] line 4: commit( ) may not follow data-recording action(s)
