// Command godtrace runs DTrace D scripts on Linux, compiled to eBPF.
package main

import (
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	prog := filepath.Base(os.Args[0])
	fmt.Fprintf(os.Stderr, "Usage: %s [-qSvwZ] [-c cmd] [-n probe] [-o output] [-p pid] [-s script] [-x opt[=val]]\n", prog)
	os.Exit(2)
}
