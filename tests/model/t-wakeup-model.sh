#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The need_wakeup handshake (tests/model/wakeup.pml) checked by spin on
# x86-64's memory model, where ThreadSanitizer cannot look (it does not
# model fences, so the TSan builds replace them): with both full barriers
# no wakeup is lost in any interleaving; without the producer's, or
# without the consumer's, spin must find a lost one, else the model could
# not fail. Exit codes as for automake: 0 pass, 1 fail, 77 skip (no spin
# or no C compiler), 99 hard error.
srcdir=${srcdir:-.}
model=$srcdir/tests/model/wakeup.pml
cc=${CC:-cc}
[ -r "$model" ] || { echo "t-wakeup-model: $model not found"; exit 99; }
command -v spin >/dev/null 2>&1 ||
	{ echo "SKIP: t-wakeup-model: spin not found (Debian: apt-get install spin)"; exit 77; }
command -v "$cc" >/dev/null 2>&1 || { echo "SKIP: t-wakeup-model: no C compiler ($cc)"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/t-wakeup-model.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
model=$(cd "$(dirname "$model")" && pwd)/wakeup.pml

# verify NAME DEFINES...: prints spin's verdict; sets $errors.
verify() {
	name=$1
	shift
	(cd "$tmp" && rm -f pan* && spin -a "$@" "$model" >spin.log 2>&1 &&
		"$cc" -O1 -w -o pan pan.c >cc.log 2>&1 && ./pan >pan.log 2>&1) ||
		{ echo "t-wakeup-model: $name: spin or pan failed:"; cat "$tmp"/*.log; exit 99; }
	errors=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' "$tmp/pan.log")
	states=$(sed -n 's/^ *\([0-9]*\) states, stored.*/\1/p' "$tmp/pan.log")
	[ -n "$errors" ] || { echo "t-wakeup-model: $name: no verdict:"; cat "$tmp/pan.log"; exit 99; }
	echo "$name: $states states, $errors errors"
}

fail=0
verify "both barriers (the code)"
[ "$errors" = 0 ] || { grep -E 'invalid end|error' "$tmp/pan.log"; fail=1; }
verify "no producer barrier" -DPRODUCER_FENCE=0
[ "$errors" != 0 ] || { echo "FAIL: a lost wakeup without the producer's barrier was not found"; fail=1; }
verify "no consumer barrier" -DCONSUMER_FENCE=0
[ "$errors" != 0 ] || { echo "FAIL: a lost wakeup without the consumer's barrier was not found"; fail=1; }
[ "$fail" = 0 ] && echo "PASS: t-wakeup-model"
exit "$fail"
