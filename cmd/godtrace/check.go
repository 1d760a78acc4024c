// This file implements the type-checking step between parsing and code generation.
package main

import (
	"github.com/godtrace/godtrace/dlang/ast"
	"github.com/godtrace/godtrace/dlang/types"
)

// types returns the checker's expression types for the compiler. Until dlang/types'
// Check lands, the compiler's own inference (compiler/typeof.go) types every expression.
func (t *tool) types(prog *ast.Program, macroArgs []string, macros map[string]string) map[ast.Expr]types.Type {
	return nil
}
