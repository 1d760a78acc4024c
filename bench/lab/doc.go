// Package lab replays the Cambridge L41 lab notebooks' experiments on Linux: it arms a D
// script with godtrace, sweeps the I/O benchmark over buffer sizes and trials, collects the
// JSON records the script prints ({"timestamp": N}), and reduces them to medians and
// quartiles of I/O bandwidth, written as a CSV table — what the notebook's pandas cells did
// (bench/labplot draws its matplotlib cells' plots).
package lab
