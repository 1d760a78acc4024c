// This file implements the usage text, byte for byte the original's.

package iobench

import "strconv"

// Usage returns the usage text that the program called prog prints to stderr before
// exiting with status 64. The original prints its compiled-in PROGNAME ("io-static" or
// "io-dynamic"), not argv[0], so a renamed copy still says io-static.
func Usage(prog string) string {
	return prog + " -c|-r|-w [-Bdqsv] [-b buffersize] [-t totalsize] path\n" +
		"\n" +
		"Modes (pick one):\n" +
		"    -c              'create mode': create benchmark data file\n" +
		"    -r              'read mode': read() benchmark\n" +
		"    -w              'write mode': write() benchmark\n" +
		"\n" +
		"Optional flags:\n" +
		"    -B              Run in bare mode: no preparatory activities\n" +
		"    -d              Set O_DIRECT flag to bypass buffer cache\n" +
		"    -q              Just run the benchmark, don't print stuff out\n" +
		"    -s              Call fsync() on the file descriptor when complete\n" +
		"    -v              Provide a verbose benchmark description\n" +
		"    -b buffersize    Specify a buffer size (default: " + strconv.Itoa(DefaultBufferSize) + ")\n" +
		"    -t totalsize    Specify total I/O size (default: " + strconv.Itoa(DefaultTotalSize) + ")\n"
}
