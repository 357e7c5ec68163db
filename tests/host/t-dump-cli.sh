#!/bin/sh
# SPDX-License-Identifier: MIT
#
# uio-ring-dump's command line, without a ring: --help, --version, usage
# errors, a ring that does not exist. Exit codes as for automake: 0 pass,
# 1 fail, 99 hard error.
#
# Run from the build directory (make check does), or set UIO_RING_DUMP to
# the program to test.

dump=${UIO_RING_DUMP:-./tools/uio-ring-dump/uio-ring-dump}
if [ ! -x "$dump" ]; then
	echo "t-dump-cli: $dump: not built (run from the build directory or set UIO_RING_DUMP)" >&2
	exit 99
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/t-dump-cli.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

failures=0
checks=0

fail() {
	echo "FAIL: $*" >&2
	for f in out err; do
		if [ -s "$tmp/$f" ]; then
			echo "  std$f:" >&2
			sed 's/^/    /' "$tmp/$f" >&2
		fi
	done
	failures=$((failures + 1))
}

# run ARGS...: run the program, keep its status in $rc and its output in
# $tmp/out and $tmp/err.
run() {
	"$dump" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	checks=$((checks + 1))
}

# expect STATUS DESCRIPTION: the last run exited with STATUS.
expect() {
	if [ "$rc" -ne "$1" ]; then
		fail "$2: exit status $rc, expected $1"
		return 1
	fi
	return 0
}

# ---------------------------------------------------------------------------
# --help and -h: usage on stdout, nothing on stderr, status 0.
for opt in --help -h; do
	run "$opt"
	expect 0 "$opt" || continue
	grep -q '^Usage: uio-ring-dump \[OPTIONS\] \[RING\]' "$tmp/out" ||
		fail "$opt: no usage line"
	for word in --follow --count --timeout --format --hex --list --stats \
		    --type --pid fork exec exit --version 'Exit status'; do
		grep -q -e "$word" "$tmp/out" || fail "$opt: does not mention $word"
	done
	# Every exit status is documented.
	for st in 0 1 2 3 4 5 6 7 8 9; do
		grep -q "  $st  " "$tmp/out" || fail "$opt: exit status $st not listed"
	done
	[ -s "$tmp/err" ] && fail "$opt: wrote to stderr"
done

# --help wins over what follows it, even a bad option.
run --help --bogus
expect 0 "--help --bogus"

# --version and -V: "uio-ring-dump (uio-ring) X.Y.Z", one line.
for opt in --version -V; do
	run "$opt"
	expect 0 "$opt" || continue
	grep -Eq '^uio-ring-dump \(uio-ring\) [0-9]+\.[0-9]+' "$tmp/out" ||
		fail "$opt: bad version line"
	[ "$(wc -l <"$tmp/out")" -eq 1 ] || fail "$opt: not one line"
	[ -s "$tmp/err" ] && fail "$opt: wrote to stderr"
done

# ---------------------------------------------------------------------------
# Usage errors: status 2, a message naming the program on stderr, a pointer
# to --help, nothing on stdout; checked before any ring is looked for.
usage_error() {
	run "$@"
	expect 2 "usage error for '$*'" || return
	grep -q '^uio-ring-dump: ' "$tmp/err" || fail "'$*': message does not name the program"
	grep -q -e "--help" "$tmp/err" || fail "'$*': no pointer to --help"
	[ -s "$tmp/out" ] && fail "'$*': wrote to stdout"
}

usage_error --bogus
usage_error -q
usage_error --hex=1
usage_error --fo			# ambiguous: --follow, --format
usage_error -n
usage_error --count
usage_error -n x
usage_error -n -1
usage_error --count=12abc
usage_error -n ''
usage_error --format=xml
usage_error --format
usage_error --timeout=1			# needs --follow
usage_error -f -t -1
usage_error -f -t abc
usage_error -f --timeout=nan
usage_error -f --timeout=inf
usage_error -f --timeout=1e12
usage_error --list ring0
usage_error --list --stats
usage_error --list --follow
usage_error --stats -n 5
usage_error --stats --hex
usage_error ring0 ring1
usage_error ''
# --type: a comma list of known names, each once, nothing empty.
usage_error --type
usage_error --type=
usage_error --type=bogus
usage_error --type=fork,bogus
usage_error --type=fork,
usage_error --type=,fork
usage_error --type=fork,,exit
usage_error --type=fork,fork
usage_error --type=FORK
usage_error --type='fork exec'
usage_error --type=2
# --pid: a decimal number that fits 32 bits.
usage_error --pid
usage_error --pid=
usage_error --pid=abc
usage_error --pid=-1
usage_error --pid=' 1'
usage_error --pid=12x
usage_error --pid=4294967296
usage_error --pid=99999999999999999999999
# --list and --stats take neither.
usage_error --list --type=fork
usage_error --list --pid=1
usage_error --stats --type=exec ring0
usage_error --stats --pid=1 ring0

# Each of those names the offending argument.
run --type=fork,bogus
grep -q "fork,bogus" "$tmp/err" || fail "--type=fork,bogus: message does not name it"
run --pid=12x
grep -q "12x" "$tmp/err" || fail "--pid=12x: message does not name it"

# A usage error names the offending option.
run --bogus
grep -q -e "--bogus" "$tmp/err" || fail "--bogus: message does not name it"

# ---------------------------------------------------------------------------
# A ring that does not exist: status 3 and
# "uio-ring-dump: RING: <what uio_ring_strerror says>[: detail]".
no_such_ring() {
	ring=$1
	shift
	run "$@" "$ring"
	expect 3 "nonexistent ring '$ring' ($*)" || return
	if ! grep -q "^uio-ring-dump: $ring: ." "$tmp/err"; then
		fail "'$ring' ($*): message is not 'uio-ring-dump: $ring: ...'"
	elif ! grep -qi "no such" "$tmp/err"; then
		fail "'$ring' ($*): message does not say no such ring"
	fi
	[ -s "$tmp/out" ] && fail "'$ring' ($*): wrote to stdout"
}

no_such_ring t-dump-cli-no-such-ring
no_such_ring t-dump-cli-no-such-ring --format=json
no_such_ring t-dump-cli-no-such-ring --stats
no_such_ring t-dump-cli-no-such-ring -f -t 0.1
no_such_ring /nonexistent/t-dump-cli/uio0
# Good --type and --pid values pass the option checks and reach the ring.
no_such_ring t-dump-cli-no-such-ring --type=fork,exec,exit,test
no_such_ring t-dump-cli-no-such-ring --type=exit --pid=1
no_such_ring t-dump-cli-no-such-ring --pid=0
no_such_ring t-dump-cli-no-such-ring --pid=4294967295 --format=json

# ---------------------------------------------------------------------------
# Output errors are reported: status 1.
if [ -w /dev/full ]; then
	"$dump" --help >/dev/full 2>"$tmp/err"
	rc=$?
	checks=$((checks + 1))
	expect 1 "--help >/dev/full" &&
		{ grep -q '^uio-ring-dump: standard output: ' "$tmp/err" ||
			fail "--help >/dev/full: no output error message"; }
fi

echo "t-dump-cli: $checks runs, $failures failures"
[ "$failures" -eq 0 ]
