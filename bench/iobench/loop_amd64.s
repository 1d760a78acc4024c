// This file implements the benchmark's read/write loop for amd64 in assembly: a SYSCALL
// instruction per block with nothing else around it, as tight as the C original's loop
// (the portable Go loop goes through three calls per block, about 13ns each time).

#include "textflag.h"

// func transferLoop(trap, fd, buf, size uintptr, count int64) (done int64, n uintptr, errno uintptr)
//
// Makes count system calls trap(fd, buf, size). Stops at the first that fails (errno != 0)
// or transfers other than size bytes; done is the number that transferred size bytes, and n
// and errno describe the one that stopped the loop.
TEXT ·transferLoop(SB),NOSPLIT,$0-64
	MOVQ	count+32(FP), R12
	XORQ	R13, R13
loop:
	CMPQ	R13, R12
	JGE	finished
	MOVQ	trap+0(FP), AX
	MOVQ	fd+8(FP), DI
	MOVQ	buf+16(FP), SI
	MOVQ	size+24(FP), DX
	SYSCALL
	CMPQ	AX, $0xfffffffffffff001
	JLS	transferred
	NEGQ	AX
	MOVQ	R13, done+40(FP)
	MOVQ	$-1, n+48(FP)
	MOVQ	AX, errno+56(FP)
	RET
transferred:
	CMPQ	AX, size+24(FP)
	JNE	short
	INCQ	R13
	JMP	loop
short:
	MOVQ	R13, done+40(FP)
	MOVQ	AX, n+48(FP)
	MOVQ	$0, errno+56(FP)
	RET
finished:
	MOVQ	R13, done+40(FP)
	MOVQ	$0, n+48(FP)
	MOVQ	$0, errno+56(FP)
	RET
