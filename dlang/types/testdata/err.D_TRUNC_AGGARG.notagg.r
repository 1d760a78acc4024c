dtrace: failed to compile script err.D_TRUNC_AGGARG.notagg.d: [D_TRUNC_AGGARG] line 3: trunc( ) argument #1 is incompatible with prototype:
	prototype: aggregation
	 argument: pid_t
