dtrace: failed to compile script err.D_SPEC_COMM.commit.d: [D_SPEC_COMM] line 4: speculate( ) may not follow commit( )
