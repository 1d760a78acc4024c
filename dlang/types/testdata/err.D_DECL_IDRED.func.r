dtrace: failed to compile script err.D_DECL_IDRED.func.d: [D_DECL_IDRED] line 2: identifier redefined: rand
	 current: inline definition
	previous: function 
