dtrace: failed to compile script err.D_PROTO_ARG.mutex.d: [D_PROTO_ARG] line 4: mutex_type_adaptive( ) argument #1 is incompatible with prototype:
	prototype: struct mutex *
	 argument: void
