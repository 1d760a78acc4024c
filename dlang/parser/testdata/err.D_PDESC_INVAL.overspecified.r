godtrace: failed to compile script err.D_PDESC_INVAL.overspecified.d: [D_PDESC_INVAL] line 3: invalid probe description "syscall:vmlinux:read:entry:extra": Overspecified probe description
