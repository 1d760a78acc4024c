#!/usr/bin/env bash
# Lab 1's main job: create the data file, then run the read benchmark over the lab's
# buffer sizes with the lab's D script (examples/io_performance.d) tracing io-static.
set -euo pipefail
cd "$(dirname "$0")/.."
bin/io-static -c iofile
for bs in 512 1024 2048 4096 8192 16384 32768 65536 131072 262144 524288 1048576 2097152 4194304 8388608 16777216; do
	bin/io-static -r -B -q -b "$bs" -t 16777216 iofile
	echo "buffersize $bs: done"
done
