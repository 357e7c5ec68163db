#!/bin/sh
# The peers part of `make bench` (bench/peers.mk):
#   bench/peer-bench.sh PEER_BENCH "PEER_BENCH_FLAGS" PLOT_SCRIPT
# Run from the top build directory. Runs PEER_BENCH (bench/peer-bench),
# keeps its medians in bench/perf-user.dat and, when gnuplot is there
# ($GNUPLOT, default gnuplot), plots them into bench/perf-user.png;
# `make bench-plot` writes the committed docs/perf-user.png from the same
# data. Exit status: 0, or 1 if peer-bench failed.
set -u

peer_bench=$1 flags=$2 plot=$3
gnuplot=${GNUPLOT:-gnuplot}
data=bench/perf-user.dat

mkdir -p bench
# shellcheck disable=SC2086 # the flags are split on purpose
"$peer_bench" $flags --data "$data" || { echo "FAIL: the peers part (bench/peer-bench) failed"; exit 1; }
if command -v "$gnuplot" >/dev/null 2>&1; then
	if "$gnuplot" -e "datafile='$data'; outfile='bench/perf-user.png'" "$plot"; then
		echo "Plot: bench/perf-user.png (make bench-plot: docs/perf-user.png)"
	else
		echo "WARNING: $gnuplot failed; no plot"
	fi
else
	echo "SKIP: no plot: $gnuplot not found (scripts/install-bench-deps)"
fi
exit 0
