dtrace: failed to compile script err.D_NORMALIZE_AGGARG.notagg.d: [D_NORMALIZE_AGGARG] line 3: normalize( ) argument #1 is incompatible with prototype:
	prototype: aggregation
	 argument: pid_t
