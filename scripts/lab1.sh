#!/usr/bin/env bash
# Lab 1's main job (run by `make lab`, as root): create the data file, then replay the
# notebook's read and write experiments — godtrace runs the lab's D script
# (examples/io_performance.d, unchanged) while io-static sweeps the buffer sizes 512 B … 16 MiB,
# two trials each — and print each run's {"timestamp": N} with the medians and quartiles of
# I/O bandwidth. Then the probe effect: the same sweeps untraced, under the lab's script and
# under two heavier ones (every system call counted; the call's latency quantized), as a
# table of bandwidth ratios. CSV tables, the tables and PNG and SVG plots land in results/.
# TRIALS sets the trials (and probe-effect rounds) per buffer size.
set -euo pipefail
cd "$(dirname "$0")/.."
bin/io-static -c iofile
for mode in read write; do
	echo "== io-static $mode performance (godtrace -s examples/io_performance.d) =="
	bin/l41-lab -godtrace bin/godtrace -s examples/io_performance.d -bench bin/io-static \
		-mode "$mode" -file iofile -trials "${TRIALS:-2}" -out results
done
for mode in read write; do
	echo "== probe effect on io-static $mode =="
	bin/l41-lab -probe-effect -godtrace bin/godtrace -s examples/io_performance.d -bench bin/io-static \
		-mode "$mode" -file iofile -trials "${TRIALS:-3}" -out results
done
