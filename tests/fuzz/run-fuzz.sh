#!/bin/sh
# SPDX-License-Identifier: MIT
# make check wrapper of the libFuzzer target tests/fuzz/fuzz-consumer: fuzz
# for FUZZ_TIME seconds (default 20) from the committed seed corpus.
# Exit 0 when nothing was found, 1 on a crash, leak, timeout or assertion
# (the input is kept as tests/fuzz/crash-* etc. in the build tree: replay it
# with tests/fuzz/fuzz-consumer FILE), 77 without clang.
#
# CLANG and srcdir come from make check (AM_TESTS_ENVIRONMENT).
set -u

fuzzer=tests/fuzz/fuzz-consumer
seeds=${srcdir:-.}/tests/fuzz/corpus

if test -z "${CLANG:-}"; then
	echo "SKIP: no clang: configure found no clang, so the libFuzzer target was not built." >&2
	echo "SKIP: no clang: install clang and libclang-rt-14-dev, then re-run configure." >&2
	echo "SKIP: no clang: fuzz-consumer is NOT being fuzzed."
	exit 77
fi
if test ! -x "$fuzzer"; then
	echo "FAIL: $fuzzer is missing although clang ($CLANG) was found" >&2
	exit 1
fi
if test ! -d "$seeds"; then
	echo "FAIL: no seed corpus at $seeds" >&2
	exit 1
fi

# New inputs go to a scratch corpus; the committed seeds are only read.
work=$(mktemp -d "${TMPDIR:-/tmp}/uio-ring-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM

"$fuzzer" -max_total_time="${FUZZ_TIME:-20}" -timeout=10 -rss_limit_mb=2048 \
	-max_len=20000 -print_final_stats=1 -artifact_prefix=tests/fuzz/ \
	"$work" "$seeds"
rc=$?
if test $rc -ne 0; then
	echo "FAIL: fuzz-consumer exited with status $rc; see the artifact above" >&2
	exit 1
fi
echo "PASS: fuzz-consumer ran ${FUZZ_TIME:-20} s, $(ls "$work" | wc -l) new corpus inputs"
exit 0
