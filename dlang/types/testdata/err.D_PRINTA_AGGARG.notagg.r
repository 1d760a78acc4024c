dtrace: failed to compile script err.D_PRINTA_AGGARG.notagg.d: [D_PRINTA_AGGARG] line 3: printa( ) argument #2 is incompatible with prototype:
	prototype: aggregation
	 argument: pid_t
