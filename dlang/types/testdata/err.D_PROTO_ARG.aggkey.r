dtrace: failed to compile script err.D_PROTO_ARG.aggkey.d: [D_PROTO_ARG] line 4: @a[ ] key #1 is incompatible with prototype:
	prototype: int
	      key: string
