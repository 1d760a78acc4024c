dtrace: failed to compile script err.D_PROTO_ARG.assockey.d: [D_PROTO_ARG] line 4: a[ ] key #1 is incompatible with prototype:
	prototype: string
	      key: int
