// This file implements runnable examples of the parser's API.

package parser_test

import (
	"fmt"

	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/diag"
	"github.com/godtrace/godtrace/dlang/parser"
)

func ExampleParseProgram() {
	src := `syscall::read:entry /execname == "io-static"/ { @bytes[probefunc] = sum(arg2); }`
	prog, err := parser.ParseProgram("x.d", []byte(src), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	c := prog.Clauses[0]
	d := c.Probes[0]
	fmt.Printf("%s: provider %q function %q name %q\n", d.Text, d.Provider, d.Function, d.Name)
	ast.Inspect(c.Body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			fmt.Printf("call %s at %v\n", ast.String(call), prog.Position(call.Pos()))
		}
		return true
	})
	// Output:
	// syscall::read:entry: provider "syscall" function "read" name "entry"
	// call sum(arg2) at x.d:1:69
}

func ExampleParseProgram_error() {
	src := "BEGIN\n{\n\tx = \n}\n"
	_, err := parser.ParseProgram("x.d", []byte(src), nil)
	fmt.Println(diag.Format("dtrace", "x.d", true, diag.First(err), false))
	fmt.Println(diag.Format("dtrace", "x.d", true, diag.First(err), true))
	// Output:
	// dtrace: failed to compile script x.d: line 4: syntax error near "}"
	// dtrace: failed to compile script x.d: [D_SYNTAX] line 4: syntax error near "}"
}

func ExampleParseProbeSpec() {
	spec := "BEGIN { printf(\"%d\", 1 }"
	_, err := parser.ParseProbeSpec(spec, nil)
	fmt.Println(diag.Format("dtrace", spec, false, diag.First(err), false))
	// Output:
	// dtrace: invalid probe specifier BEGIN { printf("%d", 1 }: syntax error near "}"
}
