#!/usr/bin/env bash
# Lab 1's main job: create the data file, then run the read benchmark over the lab's
# buffer sizes while godtrace runs the lab's D script (examples/io_performance.d, unchanged),
# and show each run's on-CPU time, the {"timestamp": N} the script prints. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
bin/io-static -c iofile

out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
bin/godtrace -s examples/io_performance.d >"$out" 2>"$err" &
tracer=$!
# Wait until the probes are armed ("godtrace: script '...' matched N probes").
for _ in $(seq 200); do
	grep -q ' matched ' "$err" && break
	kill -0 "$tracer" 2>/dev/null || break
	sleep 0.05
done
if ! grep -q ' matched ' "$err"; then
	cat "$err" >&2
	kill "$tracer" 2>/dev/null || true
	exit 1
fi
cat "$err"

sizes=(512 1024 2048 4096 8192 16384 32768 65536 131072 262144 524288 1048576 2097152 4194304 8388608 16777216)
for bs in "${sizes[@]}"; do
	bin/io-static -r -B -q -b "$bs" -t 16777216 iofile
done
sleep 0.1
kill -INT "$tracer"
wait "$tracer"

# One {"timestamp": N} per run, in run order.
mapfile -t values < <(grep -o '{"timestamp": [0-9]*}' "$out")
for i in "${!sizes[@]}"; do
	printf 'buffersize %8d: %s\n' "${sizes[$i]}" "${values[$i]:-(no value)}"
done
grep -q ':END   Stopped' "$out" && echo "END: Stopped"
