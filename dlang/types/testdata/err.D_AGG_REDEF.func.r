dtrace: failed to compile script err.D_AGG_REDEF.func.d: [D_AGG_REDEF] line 8: aggregation redefined: @a
	 current: @a = sum( )
	previous: @a = count( ) : line 3
