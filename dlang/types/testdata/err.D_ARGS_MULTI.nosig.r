dtrace: failed to compile script err.D_ARGS_MULTI.nosig.d: [D_ARGS_MULTI] line 3: args[ ] may not be referenced because probe description :::profile-997 matches an unstable set of probes
